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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.AudienceResolved;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.Topics;
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
import org.solidarityalerts.testsupport.TopicReader;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One urgent action, posted through the organisers' API, travels through Kafka and
 * dispatch to the mailboxes of the confirmed subscribers who follow its campaign, and
 * nowhere else.
 */
@SpringBootTest(classes = WalkingSkeletonIntegrationTests.Servers.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE)
class WalkingSkeletonIntegrationTests {

	@Autowired
	KafkaConnectionDetails kafka;

	@Autowired
	MongoConnectionDetails mongo;

	@Autowired
	Environment environment;

	@Autowired
	Mailbox mailbox;

	ServiceStack stack;

	@BeforeEach
	void startServices() {
		this.stack = ServiceStack.start(TestServers.properties(this.kafka, this.mongo, this.environment),
				Map.of("server.port", 0), Map.of("server.port", 0));
	}

	@AfterEach
	void stopServices() {
		this.stack.close();
	}

	@Test
	void anUrgentActionReachesEachConfirmedFollowerOnceAndNobodyElse() throws Exception {
		MongoTemplate mongo = this.stack.dispatch().getBean(MongoTemplate.class);
		mongo.insert(subscriber("amina@example.org", "Amina Diallo", SubscriberStatus.CONFIRMED, "free-dana-serikova"));
		mongo.insert(subscriber("jonas@example.org", "Jonas Berg", SubscriberStatus.CONFIRMED, "free-dana-serikova"));
		mongo.insert(subscriber("other@example.org", "Olga Other", SubscriberStatus.CONFIRMED, "homes-not-debts"));
		mongo.insert(subscriber("pending@example.org", "Pat Pending", SubscriberStatus.PENDING, "free-dana-serikova"));
		String key = this.stack.ingest().getBean(ApiKeys.class).issue("justice-for-dana", Role.ORGANISER, "test").key();

		HttpResponse<String> response = post(key, exampleUrgentAction());

		assertThat(response.statusCode()).isEqualTo(202);
		String alertId = WireFormat.jsonMapper().readTree(response.body()).path("id").asString();
		String bootstrap = String.join(",", this.kafka.getBootstrapServers());
		try (TopicReader urgent = new TopicReader(bootstrap, Topics.ALERTS_URGENT);
				TopicReader outcomes = new TopicReader(bootstrap, Topics.DELIVERY_OUTCOMES)) {
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				List<ConsumerRecord<String, byte[]>> records = urgent.records();
				assertThat(records).hasSize(1);
				ConsumerRecord<String, byte[]> record = records.getFirst();
				assertThat(record.key()).isEqualTo(alertId);
				assertThat(EventHeaders.read(record.headers(), EventHeaders.SPEC_VERSION)).isEqualTo("1.0");
				assertThat(EventHeaders.read(record.headers(), EventHeaders.TYPE)).isEqualTo("alert.published");
				assertThat(EventHeaders.read(record.headers(), EventHeaders.SUBJECT)).isEqualTo(alertId);
				assertThat(EventHeaders.read(record.headers(), EventHeaders.SOURCE)).isEqualTo("/alert-ingest");
				assertThat(EventHeaders.read(record.headers(), EventHeaders.ALERT_KIND)).isEqualTo("urgent-action");
				assertThat(EventHeaders.read(record.headers(), EventHeaders.SCHEMA_VERSION))
					.isEqualTo(String.valueOf(ContractEvent.SCHEMA_VERSION));
				assertThat(EventHeaders.read(record.headers(), EventHeaders.ID)).isNotBlank();
			});
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				assertThat(outcomes.records()).map(this::event)
					.filteredOn(AudienceResolved.class::isInstance)
					.singleElement()
					.satisfies((resolved) -> assertThat(((AudienceResolved) resolved).audience()).isEqualTo(2));
				assertThat(mongo.count(Query.query(Criteria.where("alertId").is(alertId).and("status").is("sent")),
						"deliveries"))
					.isEqualTo(2);
			});
		}

		List<MimeMessage> received = this.mailbox.received();
		assertThat(received).hasSize(2);
		assertThat(this.mailbox.receivedBy("amina@example.org")).singleElement().satisfies((mail) -> {
			assertThat(Mails.subject(mail)).isEqualTo("Dana Serikova begins a hunger strike in prison");
			assertThat(Mails.text(mail)).contains("Dear Amina Diallo,")
				.contains("Write to Chair of the Supreme Court, Supreme Court")
				.contains("39 Example Avenue")
				.contains("Begin your letter: Dear Chair of the Supreme Court")
				.contains("Protest to the embassy of Kazakhstan in your country");
			assertThat(Mails.html(mail)).contains("Dear Amina Diallo,")
				.contains("<strong>Please write today.</strong>");
			assertThat(Mails.header(mail, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
		});
		assertThat(this.mailbox.receivedBy("jonas@example.org")).singleElement()
			.satisfies((mail) -> assertThat(Mails.text(mail)).contains("Dear Jonas Berg,"));
		assertThat(this.mailbox.receivedBy("other@example.org")).isEmpty();
		assertThat(this.mailbox.receivedBy("pending@example.org")).isEmpty();
	}

	private ContractEvent event(ConsumerRecord<String, byte[]> record) {
		return WireFormat.jsonMapper().readValue(record.value(), ContractEvent.class);
	}

	private HttpResponse<String> post(String key, String body) throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.stack.ingestPort() + "/api/v1/alerts"))
			.header("Authorization", "Bearer " + key)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		try (HttpClient client = HttpClient.newHttpClient()) {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
	}

	/**
	 * The README's example, with its deadline moved into the future so the test does not
	 * age.
	 */
	private static String exampleUrgentAction() throws Exception {
		String example = Files.readString(Path.of("../docs/examples/urgent-action.json"), StandardCharsets.UTF_8);
		return example.replace("2027-11-25T09:00:00Z", Instant.now().plus(3, ChronoUnit.DAYS).toString());
	}

	private static Subscriber subscriber(String email, String name, SubscriberStatus status, String campaign) {
		Instant now = Instant.now();
		return new Subscriber(UUID.randomUUID().toString(), email, email, name, "GB", List.of("en"), "Europe/London",
				status, new Preferences(List.of(campaign), List.of(), List.of(AlertKind.values()), Cadence.IMMEDIATE),
				now, (status == SubscriberStatus.CONFIRMED) ? now : null);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ KafkaAutoConfiguration.class, MongoAutoConfiguration.class })
	@Import(TestInfrastructure.class)
	static class Servers {

	}

}
