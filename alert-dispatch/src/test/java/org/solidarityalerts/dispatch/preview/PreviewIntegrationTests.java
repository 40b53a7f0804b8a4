package org.solidarityalerts.dispatch.preview;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.Action;
import org.solidarityalerts.contract.AlertEvent.AlertPublished;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.Campaign;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.LocalizedContent;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dispatch.embassy.Embassy;
import org.solidarityalerts.dispatch.subscriber.Cadence;
import org.solidarityalerts.dispatch.subscriber.Preferences;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.dispatch.subscription.DispatchIntegrationTest;
import org.solidarityalerts.testsupport.Mailbox;
import org.solidarityalerts.testsupport.Mails;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The internal preview API renders what a reader would receive by the same code as a
 * delivery, sends one marked test to the address given and nowhere else, and is closed to
 * callers without the service token.
 */
@DispatchIntegrationTest
class PreviewIntegrationTests {

	/** The local profile's development token. */
	private static final String TOKEN = "local-development-preview-token-do-not-use-in-production";

	/** Per-recipient links: signed for a subscriber, or the sign-up page in a preview. */
	private static final Pattern LINKS = Pattern.compile(Pattern.quote(DispatchIntegrationTest.PUBLIC_URL)
			+ "/(preferences|unsubscribe|subscribe|acted)[^\\s\"<>)]*");

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	KafkaTemplate<String, ContractEvent> kafka;

	@Autowired
	Mailbox mailbox;

	@Test
	void aPreviewIsWhatADeliveryToSuchAReaderBringsInTheirLanguageWithTheirEmbassy() throws Exception {
		String campaign = "preview-" + UUID.randomUUID().toString().substring(0, 8);
		this.mongo.save(embassy("KZ", "Посольство Беларуси (тест)", "ул. Тестовая 1"));
		this.mongo.save(embassy("DE", "Botschaft von Belarus (Test)", "Teststraße 1"));
		Subscriber almaty = subscriber("almaty-" + campaign + "@example.org", "Айгерим", "KZ", "ru", "Asia/Almaty",
				campaign);
		Subscriber berlin = subscriber("berlin-" + campaign + "@example.org", "Anna", "DE", "en", "Europe/Berlin",
				campaign);
		AlertSnapshot alert = alert(campaign);

		JsonNode russian = preview(alert, reader(almaty));
		JsonNode english = preview(alert, reader(berlin));
		publish(alert);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(this.mailbox.receivedBy(almaty.email())).hasSize(1);
			assertThat(this.mailbox.receivedBy(berlin.email())).hasSize(1);
		});
		assertThat(russian.path("language").asString()).isEqualTo("ru");
		assertThat(russian.path("wordsLanguage").asString()).isEqualTo("ru");
		assertThat(english.path("language").asString()).isEqualTo("en");
		assertThat(english.path("wordsLanguage").asString()).isEqualTo("en");
		assertThat(russian.path("text").asString()).contains("Посольство Беларуси (тест)")
			.contains("Белоруссия под арестом")
			.doesNotContain("Botschaft");
		assertThat(english.path("text").asString()).contains("Botschaft von Belarus (Test)")
			.contains("Belarus detains")
			.doesNotContain("Посольство");
		assertSameAsDelivered(russian, this.mailbox.receivedBy(almaty.email()).getFirst());
		assertSameAsDelivered(english, this.mailbox.receivedBy(berlin.email()).getFirst());
	}

	@Test
	void aTestSendReachesOnlyTheGivenAddressMarkedAsATestAndIsNotInTheLedger() throws Exception {
		String campaign = "test-send-" + UUID.randomUUID().toString().substring(0, 8);
		Subscriber follower = subscriber("follower-" + campaign + "@example.org", "Dana", "DE", "en", "Europe/Berlin",
				campaign);
		String to = "organiser-" + campaign + "@example.org";
		AlertSnapshot alert = alert(campaign);
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("alert", alert);
		request.put("reader", reader(follower));
		request.put("to", to);

		HttpResponse<String> response = post("/internal/v1/previews/test-sends", request, TOKEN);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(WireFormat.jsonMapper().readTree(response.body()).path("status").asString()).isEqualTo("sent");
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(this.mailbox.receivedBy(to)).hasSize(1));
		MimeMessage received = this.mailbox.receivedBy(to).getFirst();
		assertThat(Mails.subject(received)).isEqualTo("[TEST] Belarus detains a striking miner");
		assertThat(Mails.header(received, "X-Alert-Test")).isEqualTo("true");
		assertThat(Mails.header(received, "List-Unsubscribe")).isNull();
		assertThat(Mails.header(received, "List-Unsubscribe-Post")).isNull();
		assertThat(Mails.text(received)).contains("Dear Dana").doesNotContain("/unsubscribe/");
		assertThat(this.mailbox.receivedBy(follower.email())).isEmpty();
		assertThat(this.mailbox.received()
			.stream()
			.filter((message) -> "true".equals(Mails.header(message, "X-Alert-Test")))
			.filter((message) -> Mails.subject(message).contains("Belarus detains"))).hasSize(1);
		assertThat(this.mongo.count(Query.query(Criteria.where("alertId").is(alert.id().toString())), Document.class,
				"deliveries"))
			.isZero();
	}

	@Test
	void aTestSendInTheReadersLanguageSaysTestInIt() throws Exception {
		String to = "organiser-ru-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("alert", alert("test-send-ru"));
		request.put("reader", Map.of("languages", List.of("ru"), "residenceCountry", "KZ"));
		request.put("to", to);

		assertThat(post("/internal/v1/previews/test-sends", request, TOKEN).statusCode()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(this.mailbox.receivedBy(to)).hasSize(1));
		assertThat(Mails.subject(this.mailbox.receivedBy(to).getFirst()))
			.isEqualTo("[ТЕСТ] Белоруссия под арестом шахтёра");
	}

	@Test
	void withoutTheServiceTokenTheAnswerIs401AsProblemDetails() throws Exception {
		Map<String, Object> request = Map.of("alert", alert("closed"), "reader", Map.of("languages", List.of("en")));

		for (String token : new String[] { null, "wrong-token" }) {
			HttpResponse<String> response = post("/internal/v1/previews", request, token);
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(response.body()).doesNotContain("Belarus");
		}
		assertThat(post("/internal/v1/previews/test-sends", Map.of("to", "x@example.org"), null).statusCode())
			.isEqualTo(401);
	}

	@Test
	void aRequestWithoutAReaderOrAddressIsRefusedNamingTheField() throws Exception {
		HttpResponse<String> noReader = post("/internal/v1/previews", Map.of("alert", alert("bad")), TOKEN);
		assertThat(noReader.statusCode()).isEqualTo(400);
		assertThat(WireFormat.jsonMapper().readTree(noReader.body()).path("field").asString()).isEqualTo("reader");
		HttpResponse<String> noAddress = post("/internal/v1/previews/test-sends",
				Map.of("alert", alert("bad"), "reader", Map.of("languages", List.of("en"))), TOKEN);
		assertThat(noAddress.statusCode()).isEqualTo(400);
		assertThat(WireFormat.jsonMapper().readTree(noAddress.body()).path("field").asString()).isEqualTo("to");
	}

	private void assertSameAsDelivered(JsonNode preview, MimeMessage delivered) {
		assertThat(preview.path("subject").asString()).isEqualTo(Mails.subject(delivered));
		assertThat(withoutLinks(preview.path("html").asString())).isEqualTo(withoutLinks(Mails.html(delivered)));
		assertThat(withoutLinks(preview.path("text").asString())).isEqualTo(withoutLinks(Mails.text(delivered)));
	}

	private static String withoutLinks(String body) {
		return LINKS.matcher(body.replace("\r\n", "\n")).replaceAll("LINK");
	}

	private JsonNode preview(AlertSnapshot alert, Map<String, Object> reader) throws Exception {
		HttpResponse<String> response = post("/internal/v1/previews", Map.of("alert", alert, "reader", reader), TOKEN);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return WireFormat.jsonMapper().readTree(response.body());
	}

	private HttpResponse<String> post(String path, Object body, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(WireFormat.jsonMapper().writeValueAsString(body),
					StandardCharsets.UTF_8));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try (HttpClient client = HttpClient.newHttpClient()) {
			return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
	}

	private static Map<String, Object> reader(Subscriber subscriber) {
		return Map.of("languages", subscriber.languages(), "residenceCountry", subscriber.residenceCountry(),
				"timeZone", subscriber.timeZone(), "name", subscriber.name());
	}

	private static AlertSnapshot alert(String campaign) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		return new AlertSnapshot(AlertId.random(), 1, AlertKind.URGENT_ACTION, "test-org",
				new Campaign(campaign, "Free the miners"), "BY", List.of(), "en",
				Map.of("en", new LocalizedContent("Belarus detains a striking miner", "Protest now.", null, null), "ru",
						new LocalizedContent("Белоруссия под арестом шахтёра", "Протестуйте сейчас.", null, null)),
				List.of(new Action.ProtestToEmbassy((String) null)), now, now.plus(Duration.ofDays(5)), null);
	}

	private void publish(AlertSnapshot snapshot) {
		AlertPublished event = new AlertPublished(EventId.random(), ContractEvent.SCHEMA_VERSION, Instant.now(),
				snapshot);
		ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(Topics.ALERTS_URGENT,
				snapshot.id().toString(), event);
		EventHeaders.write(record.headers(), event, "/test");
		this.kafka.send(record).join();
	}

	private static Embassy embassy(String residence, String name, String street) {
		return new Embassy("BY:" + residence, "BY", residence, name, List.of(street), null, null, null);
	}

	private Subscriber subscriber(String email, String name, String country, String language, String zone,
			String campaign) {
		Instant now = Instant.now();
		Subscriber subscriber = new Subscriber(UUID.randomUUID().toString(), email, email, name, country,
				List.of(language), zone, SubscriberStatus.CONFIRMED,
				new Preferences(List.of(campaign), List.of(), List.of(), Cadence.IMMEDIATE), now, now);
		this.mongo.insert(subscriber);
		return subscriber;
	}

}
