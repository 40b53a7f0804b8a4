package org.solidarityalerts.dispatch.operators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.solidarityalerts.dispatch.subscriber.Consent;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.dispatch.subscriber.SuppressionList;
import org.solidarityalerts.dispatch.operators.ImportReport.RejectedRow;
import org.solidarityalerts.dispatch.subscription.SignUpRequest;
import org.solidarityalerts.dispatch.subscription.FieldProblem;
import org.solidarityalerts.dispatch.subscription.SignUp;
import org.solidarityalerts.dispatch.subscription.Profile;
import org.solidarityalerts.dispatch.subscription.Checks;
import org.solidarityalerts.dispatch.subscription.InvalidInputException;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Imports an organiser's existing list from CSV. Each row is checked like a sign-up and
 * must say {@code yes} in its {@code consent} column; each valid row is one atomic insert
 * of a confirmed subscriber, whose consent record names the import and the organiser's
 * wording. Invalid rows are reported by line and the others kept; an address already on
 * the list is left as it is; a suppressed or erased address is never added.
 */
@Component
public class ListImport {

	/** The header every file starts with. */
	public static final List<String> HEADER = List.of("email", "name", "residence_country", "languages", "campaigns",
			"countries", "consent");

	private static final Pattern WORDING = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private final MongoTemplate mongo;

	private final SuppressionList suppressions;

	private final Clock clock;

	ListImport(MongoTemplate mongo, SuppressionList suppressions, Clock clock) {
		this.mongo = mongo;
		this.suppressions = suppressions;
		this.clock = clock;
	}

	/**
	 * Imports a file.
	 * @param bytes the file, UTF-8 CSV
	 * @param consentWording the name or version of the wording the people on the list
	 * agreed to, recorded with each consent
	 * @return what was done, row by row
	 * @throws ImportRefusedException if the file as a whole cannot be read
	 */
	ImportReport importCsv(byte[] bytes, String consentWording) {
		if (!WORDING.matcher(consentWording).matches()) {
			throw new ImportRefusedException(HttpStatus.BAD_REQUEST, "Consent wording missing",
					"Name the wording the people on this list agreed to in the consentWording parameter "
							+ "(letters, digits, dots, dashes; at most 64).");
		}
		String text = utf8(bytes);
		if (text.startsWith("\uFEFF")) {
			text = text.substring(1);
		}
		List<CSVRecord> records;
		try (CSVParser parser = CSVParser.parse(text, CSVFormat.RFC4180)) {
			records = parser.getRecords();
		}
		catch (IOException | UncheckedIOException | IllegalStateException ex) {
			throw new ImportRefusedException(HttpStatus.BAD_REQUEST, "Not CSV",
					"The file is not valid CSV (RFC 4180): check its quotes.");
		}
		if (records.isEmpty() || !HEADER.equals(records.getFirst().toList().stream().map(String::strip).toList())) {
			throw new ImportRefusedException(HttpStatus.BAD_REQUEST, "Wrong header",
					"The first line must be exactly: " + String.join(",", HEADER));
		}
		return importRows(records.subList(1, records.size()), text, consentWording);
	}

	private ImportReport importRows(List<CSVRecord> rows, String text, String consentWording) {
		int imported = 0;
		int already = 0;
		List<RejectedRow> rejected = new ArrayList<>();
		Map<String, Long> seen = new HashMap<>();
		Instant now = this.clock.instant();
		for (CSVRecord row : rows) {
			long line = lineOf(text, row.getCharacterPosition());
			if (row.size() != HEADER.size()) {
				rejected.add(new RejectedRow(line, "has " + row.size() + " columns, not " + HEADER.size() + "."));
				continue;
			}
			String consent = row.get(6).strip().toLowerCase(Locale.ROOT);
			if (!consent.equals("yes") && !consent.equals("true")) {
				rejected.add(new RejectedRow(line, "consent is not 'yes': only people who agreed may be imported."));
				continue;
			}
			SignUp signUp;
			try {
				signUp = Checks.signUp(new SignUpRequest(row.get(0), row.get(1), row.get(2), list(row.get(3)),
						list(row.get(4)), list(row.get(5)), List.of(), null, null, true));
			}
			catch (InvalidInputException ex) {
				rejected.add(new RejectedRow(line,
						String.join(" ", ex.problems().stream().map(FieldProblem::message).toList())));
				continue;
			}
			Long earlier = seen.putIfAbsent(Subscriber.keyOf(signUp.email()), line);
			if (earlier != null) {
				rejected.add(new RejectedRow(line, "repeats the address on line " + earlier + "."));
				continue;
			}
			if (this.suppressions.isSuppressed(signUp.email())) {
				rejected.add(new RejectedRow(line, "this address may not be added: it was erased or suppressed."));
				continue;
			}
			Profile profile = signUp.profile();
			try {
				this.mongo.insert(new Subscriber(UUID.randomUUID().toString(), signUp.email(),
						Subscriber.keyOf(signUp.email()), profile.name(), profile.residenceCountry(),
						profile.languages(), profile.timeZone(), SubscriberStatus.CONFIRMED, profile.preferences(), now,
						now, new Consent(now, "import", consentWording, now), null));
				imported++;
			}
			catch (DuplicateKeyException ex) {
				already++;
			}
		}
		return new ImportReport(imported, already, rejected);
	}

	private static List<String> list(String cell) {
		return Arrays.stream(cell.split(";")).map(String::strip).filter((item) -> !item.isEmpty()).toList();
	}

	private static long lineOf(String text, long position) {
		long line = 1;
		for (int i = 0; i < position && i < text.length(); i++) {
			if (text.charAt(i) == '\n') {
				line++;
			}
		}
		return line;
	}

	private static String utf8(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new ImportRefusedException(HttpStatus.BAD_REQUEST, "Not UTF-8",
					"The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again; nothing was imported.");
		}
	}

}
