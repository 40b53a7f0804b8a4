package org.solidarityalerts.dispatch.embassy;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Finds the embassy of an alert's subject country in each subscriber's country of
 * residence, and keeps the directory: one document per pair, replaced whole on import.
 */
@Component
public class EmbassyDirectory {

	/**
	 * The CSV columns, in order; {@code postalAddress} lines are separated by {@code |}.
	 */
	public static final List<String> COLUMNS = List.of("subjectCountry", "residenceCountry", "name", "postalAddress",
			"email", "phone", "salutation");

	private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

	private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\"]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");

	private final MongoTemplate mongo;

	EmbassyDirectory(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * The embassies of a subject country in several countries of residence, in one query.
	 * @param subjectCountry the alert's subject country
	 * @param residenceCountries where the recipients live
	 * @return the known embassies, by country of residence
	 */
	public Map<String, Embassy> in(String subjectCountry, Collection<String> residenceCountries) {
		if (residenceCountries.isEmpty()) {
			return Map.of();
		}
		List<String> ids = residenceCountries.stream()
			.distinct()
			.map((residence) -> Embassy.idOf(subjectCountry, residence))
			.toList();
		Map<String, Embassy> found = new HashMap<>();
		for (Embassy embassy : this.mongo.find(Query.query(Criteria.where("_id").in(ids)), Embassy.class)) {
			found.put(embassy.residenceCountry(), embassy);
		}
		return found;
	}

	/**
	 * The directory, in id order, at most a thousand entries.
	 * @param subjectCountry only the embassies of this country, if given
	 * @return the embassies
	 */
	public List<Embassy> list(@Nullable String subjectCountry) {
		Query query = (subjectCountry != null) ? Query.query(Criteria.where("subjectCountry").is(subjectCountry))
				: new Query();
		return this.mongo.find(query.with(Sort.by("_id")).limit(1_000), Embassy.class);
	}

	/**
	 * Adds or replaces an embassy.
	 * @param embassy the embassy
	 */
	public void save(Embassy embassy) {
		this.mongo.save(embassy);
	}

	/**
	 * Imports embassies from CSV with the header {@link #COLUMNS}. Valid rows are saved;
	 * each invalid row is reported with its line number and reason, and nothing else is
	 * lost.
	 * @param csv the CSV text
	 * @return what was imported and what was refused
	 * @throws IOException if the CSV cannot be read
	 */
	public ImportReport importCsv(Reader csv) throws IOException {
		CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
		try (CSVParser parser = CSVParser.parse(csv, format)) {
			if (!parser.getHeaderNames().equals(COLUMNS)) {
				throw new IllegalArgumentException("The header must be: " + String.join(",", COLUMNS));
			}
			int imported = 0;
			List<RowProblem> problems = new ArrayList<>();
			for (CSVRecord row : parser) {
				if (!row.isConsistent()) {
					problems.add(new RowProblem(row.getRecordNumber() + 1,
							"expected " + COLUMNS.size() + " columns, found " + row.size()));
					continue;
				}
				Map<String, String> fields = row.toMap();
				String problem = problem(fields);
				if (problem != null) {
					problems.add(new RowProblem(row.getRecordNumber() + 1, problem));
					continue;
				}
				save(embassy(fields));
				imported++;
			}
			return new ImportReport(imported, problems);
		}
	}

	/**
	 * Checks and saves one embassy given field by field, as in a CSV row
	 * ({@code postalAddress} lines joined by {@code |}; absent fields empty).
	 * @param fields the values, by column name
	 * @return the saved embassy
	 * @throws IllegalArgumentException naming the first field at fault
	 */
	public Embassy set(Map<String, String> fields) {
		String problem = problem(fields);
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
		Embassy embassy = embassy(fields);
		save(embassy);
		return embassy;
	}

	private static Embassy embassy(Map<String, String> fields) {
		return new Embassy(Embassy.idOf(fields.get("subjectCountry"), fields.get("residenceCountry")),
				fields.get("subjectCountry"), fields.get("residenceCountry"), fields.get("name"),
				Arrays.stream(fields.get("postalAddress").split("\\|"))
					.map(String::strip)
					.filter((line) -> !line.isEmpty())
					.toList(),
				blankToNull(fields.get("email")), blankToNull(fields.get("phone")),
				blankToNull(fields.get("salutation")));
	}

	private static @Nullable String problem(Map<String, String> fields) {
		for (String column : COLUMNS) {
			String value = fields.getOrDefault(column, "");
			if (value.chars().anyMatch(Character::isISOControl) || value.length() > 500) {
				return column + " must be one line of at most 500 characters";
			}
		}
		if (!COUNTRIES.contains(fields.getOrDefault("subjectCountry", ""))) {
			return "subjectCountry must be an ISO 3166-1 alpha-2 code";
		}
		if (!COUNTRIES.contains(fields.getOrDefault("residenceCountry", ""))) {
			return "residenceCountry must be an ISO 3166-1 alpha-2 code";
		}
		if (fields.getOrDefault("name", "").isBlank()) {
			return "name is required";
		}
		String email = fields.getOrDefault("email", "");
		if (!email.isBlank() && !EMAIL.matcher(email).matches()) {
			return "email must be an e-mail address";
		}
		return null;
	}

	private static String blankToNull(String value) {
		return value.isBlank() ? null : value;
	}

	/**
	 * The result of an import.
	 *
	 * @param imported rows saved
	 * @param problems rows refused, each with its reason
	 */
	public record ImportReport(int imported, List<RowProblem> problems) {
	}

	/**
	 * One refused row.
	 *
	 * @param line its line number in the file, counting the header as line 1
	 * @param reason why it was refused
	 */
	public record RowProblem(long line, String reason) {
	}

}
