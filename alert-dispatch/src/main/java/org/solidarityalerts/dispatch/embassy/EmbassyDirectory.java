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
				String problem = problem(row);
				if (problem != null) {
					problems.add(new RowProblem(row.getRecordNumber() + 1, problem));
					continue;
				}
				save(new Embassy(Embassy.idOf(row.get("subjectCountry"), row.get("residenceCountry")),
						row.get("subjectCountry"), row.get("residenceCountry"), row.get("name"),
						Arrays.stream(row.get("postalAddress").split("\\|")).map(String::strip).toList(),
						blankToNull(row.get("email")), blankToNull(row.get("phone")),
						blankToNull(row.get("salutation"))));
				imported++;
			}
			return new ImportReport(imported, problems);
		}
	}

	private static String problem(CSVRecord row) {
		if (!row.isConsistent()) {
			return "expected " + COLUMNS.size() + " columns, found " + row.size();
		}
		if (!COUNTRIES.contains(row.get("subjectCountry"))) {
			return "subjectCountry must be an ISO 3166-1 alpha-2 code";
		}
		if (!COUNTRIES.contains(row.get("residenceCountry"))) {
			return "residenceCountry must be an ISO 3166-1 alpha-2 code";
		}
		if (row.get("name").isBlank()) {
			return "name is required";
		}
		if (!row.get("email").isBlank() && !EMAIL.matcher(row.get("email")).matches()) {
			return "email must be an e-mail address";
		}
		for (String column : COLUMNS) {
			if (row.get(column).chars().anyMatch(Character::isISOControl) || row.get(column).length() > 500) {
				return column + " must be one line of at most 500 characters";
			}
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
