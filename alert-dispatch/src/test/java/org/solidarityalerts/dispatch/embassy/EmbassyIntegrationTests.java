package org.solidarityalerts.dispatch.embassy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
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
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embassy directory: kept by the operator, and used to tell each subscriber the
 * embassy in their own country.
 */
@DispatchIntegrationTest
class EmbassyIntegrationTests {

	private static final String HEADER = "subjectCountry,residenceCountry,name,postalAddress,email,phone,salutation\n";

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	KafkaTemplate<String, ContractEvent> kafka;

	@Autowired
	Mailbox mailbox;

	@Test
	void anOperatorImportsEmbassiesAndEachRefusedRowIsReportedByLine() throws Exception {
		String csv = HEADER
				+ "BY,GB,Embassy of Belarus (test),1 Test Road|London,by@embassy.example.org,,Your Excellency\n"
				+ "BY,XX,Nowhere embassy,1 Road,,,\n" + "BY,DE,Botschaft von Belarus (test),Teststraße 1|Berlin,,,\n"
				+ "BY,FR,Ambassade (test),1 rue,not-an-address,,\n";

		HttpResponse<String> response = send("POST", "/api/v1/embassies/import", "text/csv", csv, true);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode report = WireFormat.jsonMapper().readTree(response.body());
		assertThat(report.path("imported").asInt()).isEqualTo(2);
		assertThat(report.path("problems")).hasSize(2);
		assertThat(report.path("problems").get(0).path("line").asInt()).isEqualTo(3);
		assertThat(report.path("problems").get(0).path("reason").asString()).contains("residenceCountry");
		assertThat(report.path("problems").get(1).path("line").asInt()).isEqualTo(5);
		assertThat(report.path("problems").get(1).path("reason").asString()).contains("email");
		JsonNode listed = WireFormat.jsonMapper()
			.readTree(send("GET", "/api/v1/embassies?subjectCountry=BY", null, null, true).body());
		assertThat(listed).extracting((embassy) -> embassy.path("residenceCountry").asString())
			.containsExactly("DE", "GB");
	}

	@Test
	void theDirectoryIsClosedToAnyoneButTheOperator() throws Exception {
		assertThat(send("GET", "/api/v1/embassies", null, null, false).statusCode()).isEqualTo(401);
		HttpResponse<String> anonymousImport = send("POST", "/api/v1/embassies/import", "text/csv", HEADER, false);
		assertThat(anonymousImport.statusCode()).isEqualTo(401);
		assertThat(anonymousImport.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

	@Test
	void anEmbassyWithABadFieldIsRefusedNamingItAndNothingIsStored() throws Exception {
		HttpResponse<String> response = send("PUT", "/api/v1/embassies/BY/IT", "application/json",
				"{\"name\":\"Embassy\\r\\nBcc: victim@example.org\",\"postalAddress\":[\"Via 1\"]}", true);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("name");
		assertThat(this.mongo.findById("BY:IT", Embassy.class)).isNull();
	}

	@Test
	void anEmbassyOfTheWrongShapeIsRefusedNamingTheFieldAndNothingIsStored() throws Exception {
		HttpResponse<String> address = send("PUT", "/api/v1/embassies/BY/FR", "application/json",
				"{\"name\":\"Embassy\",\"postalAddress\":\"Rue 1\"}", true);
		HttpResponse<String> twice = send("PUT", "/api/v1/embassies/BY/FR", "application/json",
				"{\"name\":\"Embassy\",\"name\":\"Decoy\",\"postalAddress\":[\"Rue 1\"]}", true);
		HttpResponse<String> number = send("PUT", "/api/v1/embassies/BY/FR", "application/json",
				"{\"name\":\"Embassy\",\"postalAddress\":[\"Rue 1\"],\"phone\":33140000000}", true);

		assertThat(List.of(address, twice, number)).extracting(HttpResponse::statusCode).containsOnly(400);
		assertThat(address.body()).contains("\"field\":\"postalAddress\"", "must be a list");
		assertThat(twice.body()).contains("\"field\":\"name\"", "more than once");
		assertThat(number.body()).contains("\"field\":\"phone\"", "must be a string, not a number");
		assertThat(this.mongo.findById("BY:FR", Embassy.class)).isNull();
	}

	@Test
	void eachSubscriberIsToldTheEmbassyInTheCountryWhereTheyLive() throws Exception {
		String campaign = "embassy-" + UUID.randomUUID().toString().substring(0, 8);
		send("PUT", "/api/v1/embassies/TR/GB", "application/json",
				"{\"name\":\"Embassy of Türkiye (test)\",\"postalAddress\":[\"43 Test Square\",\"London\"],"
						+ "\"email\":\"tr.london@embassy.example.org\",\"salutation\":\"Your Excellency\"}",
				true);
		send("PUT", "/api/v1/embassies/TR/ES", "application/json",
				"{\"name\":\"Embajada de Turquía (prueba)\",\"postalAddress\":[\"Calle de Prueba 1\",\"Madrid\"]}",
				true);
		Subscriber london = subscriber("london-" + campaign + "@example.org", "GB", "en", campaign);
		Subscriber madrid = subscriber("madrid-" + campaign + "@example.org", "ES", "es", campaign);
		Subscriber warsaw = subscriber("warsaw-" + campaign + "@example.org", "PL", "en", campaign);

		publish(campaign);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(this.mailbox.receivedBy(london.email())).hasSize(1);
			assertThat(this.mailbox.receivedBy(madrid.email())).hasSize(1);
			assertThat(this.mailbox.receivedBy(warsaw.email())).hasSize(1);
		});
		assertThat(Mails.text(this.mailbox.receivedBy(london.email()).getFirst()))
			.contains("Protest to the embassy of Türkiye in the United Kingdom")
			.contains("Embassy of Türkiye (test)")
			.contains("43 Test Square")
			.contains("E-mail: tr.london@embassy.example.org")
			.contains("Begin your letter: Your Excellency")
			.doesNotContain("Madrid");
		assertThat(Mails.text(this.mailbox.receivedBy(madrid.email()).getFirst()))
			.contains("Embajada de Turquía (prueba)")
			.contains("Calle de Prueba 1");
		assertThat(Mails.text(this.mailbox.receivedBy(warsaw.email()).getFirst()))
			.contains("Find the embassy of Türkiye in the country where you live")
			.doesNotContain("(test)");
	}

	private void publish(String campaign) {
		AlertSnapshot snapshot = new AlertSnapshot(AlertId.random(), 1, AlertKind.URGENT_ACTION, "test-org",
				new Campaign(campaign, "Free the strikers"), "TR", List.of(), "en",
				Map.of("en", new LocalizedContent("Strikers detained", "Protest now.", null, null), "es",
						new LocalizedContent("Huelguistas detenidos", "Protesta ya.", null, null)),
				List.of(new Action.ProtestToEmbassy(null)), Instant.now(), null, null);
		AlertPublished event = new AlertPublished(EventId.random(), ContractEvent.SCHEMA_VERSION, Instant.now(),
				snapshot);
		ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(Topics.ALERTS_URGENT,
				snapshot.id().toString(), event);
		EventHeaders.write(record.headers(), event, "/test");
		this.kafka.send(record).join();
	}

	private Subscriber subscriber(String email, String country, String language, String campaign) {
		Instant now = Instant.now();
		Subscriber subscriber = new Subscriber(UUID.randomUUID().toString(), email, email, null, country,
				List.of(language), "Europe/London", SubscriberStatus.CONFIRMED,
				new Preferences(List.of(campaign), List.of(), List.of(), Cadence.IMMEDIATE), now, now);
		this.mongo.insert(subscriber);
		return subscriber;
	}

	private HttpResponse<String> send(String method, String path, String type, String body, boolean operator)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)
					: HttpRequest.BodyPublishers.noBody());
		if (type != null) {
			request.header("Content-Type", type);
		}
		if (operator) {
			request.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString(
						("operator:" + DispatchIntegrationTest.OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8)));
		}
		try (HttpClient client = HttpClient.newHttpClient()) {
			return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
	}

}
