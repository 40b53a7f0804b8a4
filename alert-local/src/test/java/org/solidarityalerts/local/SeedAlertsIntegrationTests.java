package org.solidarityalerts.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dispatch.subscriber.Cadence;
import org.solidarityalerts.dispatch.subscriber.Preferences;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.Role;
import org.solidarityalerts.testsupport.Mailbox;
import org.solidarityalerts.testsupport.Mails;
import org.solidarityalerts.testsupport.TestInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The nine alerts of the campaign pages ({@code docs/examples/seeds}), posted through the
 * organisers' API as an organiser would, reach readers in English and Spanish living in
 * the United Kingdom, Spain and the United States with every part of each action in their
 * language and locale, in both the plain-text and the HTML part.
 */
@SpringBootTest(classes = SeedAlertsIntegrationTests.Servers.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class SeedAlertsIntegrationTests {

	private static final Path SEEDS = Path.of("../docs/examples/seeds");

	/** The examples' dates are in 2027; moved forward by whole years, they stay ahead. */
	private static final int YEAR = 2027 + Math.max(0, Year.now().getValue() - 2026);

	private static final String EN_GB = "en-gb@example.org";

	private static final String EN_US = "en-us@example.org";

	private static final String ES_ES = "es-es@example.org";

	private static final String ES_US = "es-us@example.org";

	private static final String ES_GB = "es-gb@example.org";

	@Autowired
	KafkaConnectionDetails kafka;

	@Autowired
	MongoConnectionDetails mongo;

	@Autowired
	Environment environment;

	@Autowired
	Mailbox mailbox;

	ServiceStack stack;

	String key;

	@BeforeEach
	void startServices() {
		this.stack = ServiceStack.start(TestServers.properties(this.kafka, this.mongo, this.environment),
				Map.of("server.port", 0), Map.of("server.port", 0));
		MongoTemplate mongo = this.stack.dispatch().getBean(MongoTemplate.class);
		mongo.insert(reader(EN_GB, "GB", "en", "Europe/London"));
		mongo.insert(reader(EN_US, "US", "en", "America/New_York"));
		mongo.insert(reader(ES_ES, "ES", "es", "Europe/Madrid"));
		mongo.insert(reader(ES_US, "US", "es", "America/Los_Angeles"));
		mongo.insert(reader(ES_GB, "GB", "es", "Europe/London"));
		this.key = this.stack.ingest().getBean(ApiKeys.class).issue("seeds-org", Role.ORGANISER, "test").key();
		this.mailbox.clear();
	}

	@AfterEach
	void stopServices() {
		this.stack.close();
	}

	@Test
	void everyReaderReceivesEveryPartOfEachActionInTheirLanguageAndLocale() throws Exception {
		String supremeCourt = post("/api/v1/alerts", seed("01-letters-to-the-supreme-court.json"));
		String prosecutor = post("/api/v1/alerts", seed("02-letter-to-the-prosecutor.json"));
		post("/api/v1/alerts", seed("03-protest-at-the-embassy-in-london.json"));
		post("/api/v1/alerts", seed("04-evening-meeting.json"));
		post("/api/v1/alerts", seed("05-petition.json"));
		post("/api/v1/alerts", seed("06-hunger-strike-for-housing.json"));
		post("/api/v1/alerts",
				seed("07-follow-up-appeal-date-set.json").replace("{{01-letters-to-the-supreme-court}}", supremeCourt));
		awaitMails(5 * 5 + 2 + 5);

		// 01: letters to a Supreme Court, deadline at 10:00 in Astana, embassy protest.
		String english = "Jailed lawyer Aigerim Sadykova refuses food";
		String spanish = "La abogada encarcelada Aigerim Sadykova rechaza la comida";
		List<String> courtEn = List.of("Write to Chair of the Supreme Court, Supreme Court of Kazakhstan",
				"12 Example Prospect", "Astana 010000", "E-mail: chair@supreme-court.example.org",
				"Fax: +7 7172 555 0110", "Begin your letter: Your Honour,", "Best written in: Russian, English",
				"Letters in Russian or English are read first.", "Send a copy to: campaign@free-aigerim.example.org",
				"Protest to the embassy of Kazakhstan in your country", "Ask that she be given medical care at once.",
				"I ask the Supreme Court to review the sentence");
		List<String> courtEs = List.of("Escribe a Presidencia del Tribunal Supremo, Tribunal Supremo de Kazajistán",
				"12 Example Prospect", "Correo: chair@supreme-court.example.org", "Fax: +7 7172 555 0110",
				"Empieza tu carta: Señoría:", "Mejor escribir en: Ruso, Inglés",
				"Las cartas en ruso o inglés se leen antes.", "Envía copia a: campaign@free-aigerim.example.org",
				"Protesta ante la embajada de Kazajistán en tu país", "Pide que reciba atención médica de inmediato.",
				"Pido al Tribunal Supremo que revise");
		carries(EN_GB, english, courtEn, List.of("25 November " + YEAR + " at 05:00 (London Time)",
				"25 November " + YEAR + " at 10:00 (Almaty Time)"));
		carries(EN_US, english, courtEn, List.of("November 25, " + YEAR + " at 12:00\u202fAM (Eastern Time)",
				"November 25, " + YEAR + " at 10:00\u202fAM (Almaty Time)"));
		carries(ES_ES, spanish, courtEs, List.of("25 de noviembre de " + YEAR + ", 6:00 (hora de Europa central)",
				"25 de noviembre de " + YEAR + ", 10:00 (hora de Almaty)"));
		carries(ES_US, spanish, courtEs,
				List.of("24 de noviembre de " + YEAR, "(hora del Pacífico)", "25 de noviembre de " + YEAR + ", 10:00"));
		assertThat(text(mail(EN_GB, english))).contains("- a fair review of her case;")
			.contains("the background to her case <https://free-aigerim.example.org/case>")
			.contains("- the medical care she is refused.\n\nRead the background");
		assertThat(text(mail(ES_ES, spanish))).contains("- una revisión justa de su caso;")
			.contains("los antecedentes del caso <https://free-aigerim.example.org/case>");

		// 02: letters and calls to a prosecutor.
		String prosecutorEn = "Ask the regional prosecutor to drop the new charges";
		String prosecutorEs = "Pide a la fiscalía regional que retire los nuevos cargos";
		List<String> toProsecutorEn = List.of("Write to Regional Prosecutor, B. Example", "3 Example Street",
				"E-mail: office@prosecutor.example.org, complaints@prosecutor.example.org", "Phone: +7 7292 555 0120",
				"Begin your letter: Dear Prosecutor,", "Best written in: Russian",
				"Send a copy to: drivers@solidarity.example.org", "Phone Prosecutor's reception desk",
				"Phone: +7 7292 555 0121, +7 7292 555 0122");
		List<String> toProsecutorEs = List.of("Escribe a Fiscal regional, B. Example", "3 Example Street",
				"Teléfono: +7 7292 555 0120", "Empieza tu carta: Señor fiscal:", "Mejor escribir en: Ruso",
				"Envía copia a: drivers@solidarity.example.org", "Llama a Recepción de la fiscalía");
		carries(EN_GB, prosecutorEn, toProsecutorEn, List.of("10 December " + YEAR + " at 13:00 (London Time)"));
		carries(EN_US, prosecutorEn, toProsecutorEn, List.of("December 10, " + YEAR));
		carries(ES_ES, prosecutorEs, toProsecutorEs, List.of("10 de diciembre de " + YEAR + ", 14:00"));
		carries(ES_GB, prosecutorEs, toProsecutorEs, List.of("10 de diciembre de " + YEAR + ", 13:00"));

		// 03: a protest at a London address, only for readers in the United Kingdom.
		carries(EN_GB, "Protest outside the embassy in London",
				List.of("Come to Outside the embassy", "125 Example Gardens", "London SW1X 0AA",
						"Send a copy to: london@free-aigerim.example.org"),
				List.of("16 December " + YEAR + ", 12:00 to 13:30 (London Time)"));
		carries(ES_GB, "Protesta ante la embajada en Londres",
				List.of("Ven a Ante la embajada", "125 Example Gardens", "London SW1X 0AA"),
				List.of("16 de diciembre de " + YEAR + ", de 12:00 a 13:30 (hora de Londres)"));
		for (String elsewhere : List.of(EN_US, ES_ES, ES_US)) {
			assertThat(subjects(elsewhere)).doesNotContain("Protest outside the embassy in London",
					"Protesta ante la embajada en Londres");
		}

		// 04: an evening meeting; the meeting itself for readers in the United Kingdom.
		carries(EN_GB, "Evening meeting: the fight against evictions",
				List.of("Come to Trades council hall", "8 Example Road", "Doors open at 18:30",
						"Tell your friends about the meeting", "https://homes-not-debts.example.org/meeting"),
				List.of("9 December " + YEAR + ", 19:00 to 21:00 (London Time)"));
		carries(ES_GB, "Reunión vespertina: la lucha contra los desahucios",
				List.of("Ven a Sala del consejo sindical", "Apertura de puertas: 18:30",
						"Cuéntales la reunión a tus amistades"),
				List.of("9 de diciembre de " + YEAR + ", de 19:00 a 21:00 (hora de Londres)"));
		assertThat(text(mail(EN_US, "Evening meeting: the fight against evictions")))
			.contains("Tell your friends about the meeting")
			.doesNotContain("Trades council hall");
		assertThat(text(mail(ES_ES, "Reunión vespertina: la lucha contra los desahucios")))
			.contains("Cuéntales la reunión a tus amistades")
			.doesNotContain("Sala del consejo sindical");

		// 05: a petition.
		carries(EN_US, "Sign: no evictions from people's only homes",
				List.of("Sign the petition", "Stop evictions from only homes",
						"https://petition.example.org/homes-not-debts", "I signed: will you?"),
				List.of());
		carries(ES_US, "Firma: ningún desahucio de la única vivienda",
				List.of("Firma la petición", "Basta de desahucios de la única vivienda", "Yo he firmado, ¿y tú?"),
				List.of());

		// 06: messages to hunger strikers through their campaign's president.
		carries(EN_GB, "Housing campaigners in their fourth week without food",
				List.of("Write to The hunger strikers",
						"Send it through President of the housing campaign, C. Example:",
						"president@homes-campaign.example.org", "Send a copy to: support@homes-not-debts.example.org",
						"Ask that the evictions be halted.", "We stand with you"),
				List.of());
		carries(ES_ES, "Activistas por la vivienda, cuatro semanas sin comer",
				List.of("Escribe a Las personas en huelga de hambre",
						"Envíalo a través de Presidencia de la campaña por la vivienda, C. Example:",
						"Envía copia a: support@homes-not-debts.example.org", "Pide que se detengan los desahucios.",
						"Estamos con vosotros"),
				List.of());

		// 07: a follow-up, naming the alert it follows.
		carries(EN_US, "A date is set for Aigerim Sadykova's appeal", List.of("This follows up: " + english),
				List.of());
		carries(ES_ES, "Ya hay fecha para el recurso de Aigerim Sadykova", List.of("Esto sigue a: " + spanish),
				List.of());

		// 08: an update, its change note first.
		this.mailbox.clear();
		put("/api/v1/alerts/" + supremeCourt, seed("08-update-review-moved.json"));
		awaitMails(5);
		assertThat(text(mail(EN_GB, "Update: " + english)))
			.startsWith("Dear Reader,\n\nWhat changed:\nThe review has moved to 26 November at 10:00, Astana time.")
			.contains("26 November " + YEAR + " at 05:00 (London Time)");
		assertThat(text(mail(ES_ES, "Actualización: " + spanish)))
			.startsWith("Estimada/o Reader:\n\nQué ha cambiado:\nLa revisión se ha aplazado al 26 de noviembre");
		assertThat(html(mail(ES_US, "Actualización: " + spanish))).contains("Qué ha cambiado");

		// 09: a cancellation, dated when it happens.
		this.mailbox.clear();
		Instant cancelledFrom = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		post("/api/v1/alerts/" + prosecutor + "/cancel", seed("09-cancellation-charges-dropped.json"));
		awaitMails(5);
		MimeMessage cancelled = mail(EN_GB, "No further action needed: " + prosecutorEn);
		assertThat(text(cancelled)).contains("The charges were dropped: no further action is needed.");
		assertThat(cancelled.getSentDate().toInstant()).isAfterOrEqualTo(cancelledFrom);
		assertThat(text(mail(ES_US, "Ya no hace falta actuar: " + prosecutorEs)))
			.contains("Se han retirado los cargos: ya no hace falta actuar.");
	}

	/** Both parts of the reader's e-mail with that subject carry every part and date. */
	private void carries(String reader, String subject, List<String> parts, List<String> dates) throws Exception {
		MimeMessage mail = mail(reader, subject);
		List<String> all = new ArrayList<>(parts);
		all.addAll(dates);
		String text = text(mail);
		String html = html(mail);
		for (String part : all) {
			assertThat(text).as("%s's plain text of %s", reader, subject).contains(part);
			assertThat(html).as("%s's HTML of %s", reader, subject).contains(part);
		}
	}

	private MimeMessage mail(String reader, String subject) {
		List<MimeMessage> mails = this.mailbox.receivedBy(reader)
			.stream()
			.filter((mail) -> Mails.subject(mail).equals(subject))
			.toList();
		assertThat(mails).as("%s's mails titled %s (has %s)", reader, subject, subjects(reader)).hasSize(1);
		return mails.getFirst();
	}

	private List<String> subjects(String reader) {
		return this.mailbox.receivedBy(reader).stream().map(Mails::subject).toList();
	}

	private static String text(MimeMessage mail) {
		return Mails.text(mail).replace("\r\n", "\n");
	}

	/** The HTML part as a reader sees it: its text, entities decoded. */
	private static String html(MimeMessage mail) {
		return Jsoup.parse(Mails.html(mail)).text();
	}

	private void awaitMails(int count) {
		await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(this.mailbox.received()).hasSize(count));
	}

	private static String seed(String file) throws Exception {
		String json = Files.readString(SEEDS.resolve(file), StandardCharsets.UTF_8);
		return json.replace("2027-", YEAR + "-");
	}

	private String post(String path, String body) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private String put(String path, String body) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(body)));
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.stack.ingestPort() + path);
	}

	private String send(HttpRequest.Builder request) throws Exception {
		try (HttpClient client = HttpClient.newHttpClient()) {
			HttpResponse<String> response = client.send(request.header("Authorization", "Bearer " + this.key)
				.header("Content-Type", "application/json")
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
			return WireFormat.jsonMapper().readTree(response.body()).path("id").asString();
		}
	}

	private static Subscriber reader(String email, String country, String language, String zone) {
		Instant now = Instant.now();
		return new Subscriber(UUID.randomUUID().toString(), email, email, "Reader", country, List.of(language), zone,
				SubscriberStatus.CONFIRMED,
				new Preferences(List.of(), List.of("KZ"), List.of(AlertKind.values()), Cadence.IMMEDIATE), now, now);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ KafkaAutoConfiguration.class, MongoAutoConfiguration.class })
	@Import(TestInfrastructure.class)
	static class Servers {

	}

}
