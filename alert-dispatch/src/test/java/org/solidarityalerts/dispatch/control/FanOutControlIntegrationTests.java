package org.solidarityalerts.dispatch.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.Action;
import org.solidarityalerts.contract.AlertEvent.AlertPublished;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.Campaign;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.ControlAction;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryBatchRequested;
import org.solidarityalerts.contract.DeliveryEvent.FanOutControlled;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.LocalizedContent;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.DispatchApplication;
import org.solidarityalerts.dispatch.messaging.RetryTiers;
import org.solidarityalerts.dispatch.subscriber.Cadence;
import org.solidarityalerts.dispatch.subscriber.Preferences;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;
import org.solidarityalerts.testsupport.TestInfrastructure;
import org.solidarityalerts.testsupport.TopicReader;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dispatch obeys an operator's pause, resume and cancel of a fan-out, received on the
 * control topic: a paused fan-out's batches are held in MongoDB, not sent round the retry
 * topics, and none is lost; a resumed one is delivered once, a cancelled one is skipped
 * with its reason.
 */
@SpringBootTest(classes = DispatchApplication.class,
		properties = { "spring.config.name=dispatch", "spring.profiles.active=local" })
@Import({ TestInfrastructure.Data.class, ScriptedSmtpServer.Configuration.class })
class FanOutControlIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(45);

	@Autowired
	ScriptedSmtpServer smtp;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	KafkaTemplate<String, ContractEvent> kafka;

	@Autowired
	KafkaConnectionDetails kafkaConnection;

	@Autowired
	HeldBatches heldBatches;

	@Autowired
	RetryTiers tiers;

	@Test
	void aPausedFanOutHoldsItsBatchesInMongoWithoutRepublishingThemAndDeliversThemOnceResumed() {
		String campaign = campaign();
		Subscriber reader = subscriber("held-" + campaign + "@example.org", campaign);
		AlertPublished alert = alert(campaign);
		List<TopicReader> retries = retryTopics();
		try {
			pause(alert.alertVersion());

			send(Topics.ALERTS_URGENT, alert);

			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(held(alert.alertVersion())).singleElement()
					.satisfies((batch) -> assertThat(batch.getList("subscribers", String.class))
						.containsExactly(reader.id())));
			await().during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(retries)
					.allSatisfy((topic) -> assertThat(topic.records()).as("records of the paused fan-out")
						.noneMatch((record) -> record.key().startsWith(alert.alertVersion().key()))));
			assertThat(this.smtp.receivedBy(reader.email())).isEmpty();
			assertThat(ledger(alert.alertVersion(), reader)).isNull();

			control(alert.alertVersion(), ControlAction.RESUMED);

			await().atMost(PATIENCE).untilAsserted(() -> {
				assertThat(this.smtp.receivedBy(reader.email())).hasSize(1);
				assertThat(status(alert.alertVersion(), reader)).isEqualTo("sent");
				assertThat(held(alert.alertVersion())).isEmpty();
			});
			await().during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(this.smtp.receivedBy(reader.email())).hasSize(1));
		}
		finally {
			retries.forEach(TopicReader::close);
		}
	}

	@Test
	void aFanOutCancelledWhilePausedSkipsItsHeldBatches() {
		String campaign = campaign();
		Subscriber reader = subscriber("dropped-" + campaign + "@example.org", campaign);
		AlertPublished alert = alert(campaign);
		pause(alert.alertVersion());

		send(Topics.ALERTS_URGENT, alert);
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(held(alert.alertVersion())).hasSize(1));

		control(alert.alertVersion(), ControlAction.CANCELLED);

		await().atMost(PATIENCE).untilAsserted(() -> {
			Document entry = ledger(alert.alertVersion(), reader);
			assertThat(entry).isNotNull();
			assertThat(entry.getString("status")).isEqualTo("skipped");
			assertThat(entry.getString("detail")).isEqualTo("cancelled by an operator");
			assertThat(held(alert.alertVersion())).isEmpty();
		});
		assertThat(this.smtp.receivedBy(reader.email())).isEmpty();
	}

	@Test
	void aBatchHeldAfterTheResumeWasRecordedIsReleasedAtOnce() {
		String campaign = campaign();
		Subscriber reader = subscriber("raced-" + campaign + "@example.org", campaign);
		AlertPublished alert = alert(campaign);
		send(Topics.ALERTS_URGENT, alert);
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(status(alert.alertVersion(), reader)).isEqualTo("sent"));
		control(alert.alertVersion(), ControlAction.RESUMED);
		await().atMost(PATIENCE)
			.until(() -> this.mongo.exists(Query.query(Criteria.where("_id")
				.is(alert.alertVersion().key())
				.and("lastOperator")
				.is("operator-" + this.controls)), FanOutControls.COLLECTION));
		Subscriber late = subscriber("late-" + campaign + "@example.org", "x-" + campaign);

		// A sender that read the control while the fan-out was still paused holds the
		// batch only after the resume released the others: it must release it itself.
		this.heldBatches.hold(new DeliveryBatchRequested(EventId.random(), ContractEvent.SCHEMA_VERSION, Instant.now(),
				alert.alertVersion(), 5, List.of(new SubscriberId(UUID.fromString(late.id()))), 1, null, false));

		assertThat(held(alert.alertVersion())).isEmpty();
		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(this.smtp.receivedBy(late.email())).hasSize(1);
			assertThat(status(alert.alertVersion(), late)).isEqualTo("sent");
		});
	}

	@Test
	void aCancelledFanOutIsSkippedWithTheOperatorsReasonAndSendsNothing() {
		String campaign = campaign();
		Subscriber reader = subscriber("spared-" + campaign + "@example.org", campaign);
		AlertPublished alert = alert(campaign);
		control(alert.alertVersion(), ControlAction.PAUSED);
		control(alert.alertVersion(), ControlAction.CANCELLED);
		control(alert.alertVersion(), ControlAction.RESUMED);
		await().atMost(PATIENCE)
			.until(() -> this.mongo.exists(
					Query.query(
							Criteria.where("_id").is(alert.alertVersion().key()).and("lastOperator").is("operator-3")),
					FanOutControls.COLLECTION));

		send(Topics.ALERTS_URGENT, alert);

		await().atMost(PATIENCE).untilAsserted(() -> {
			Document entry = ledger(alert.alertVersion(), reader);
			assertThat(entry).isNotNull();
			assertThat(entry.getString("status")).isEqualTo("skipped");
			assertThat(entry.getString("detail")).isEqualTo("cancelled by an operator");
		});
		assertThat(this.smtp.receivedBy(reader.email())).isEmpty();
	}

	private int controls;

	private void pause(AlertVersion version) {
		control(version, ControlAction.PAUSED);
		await().atMost(PATIENCE)
			.until(() -> this.mongo.exists(Query.query(Criteria.where("_id").is(version.key()).and("paused").is(true)),
					FanOutControls.COLLECTION));
	}

	private List<Document> held(AlertVersion version) {
		return this.mongo.find(Query.query(Criteria.where("versionKey").is(version.key())), Document.class,
				HeldBatches.COLLECTION);
	}

	private List<TopicReader> retryTopics() {
		return Arrays.stream(this.tiers.topics()).map((topic) -> new TopicReader(bootstrap(), topic)).toList();
	}

	private void control(AlertVersion version, ControlAction action) {
		this.controls++;
		send(Topics.FANOUT_CONTROL, new FanOutControlled(EventId.random(), ContractEvent.SCHEMA_VERSION, Instant.now(),
				version, action, "operator-" + this.controls));
	}

	private void send(String topic, ContractEvent event) {
		ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(topic, event.subject(), event);
		EventHeaders.write(record.headers(), event, "/test");
		this.kafka.send(record).join();
	}

	private String status(AlertVersion version, Subscriber subscriber) {
		Document entry = ledger(version, subscriber);
		return (entry != null) ? entry.getString("status") : null;
	}

	private Document ledger(AlertVersion version, Subscriber subscriber) {
		return this.mongo.findById(version.key() + ":" + subscriber.id(), Document.class, "deliveries");
	}

	private String bootstrap() {
		return String.join(",", this.kafkaConnection.getBootstrapServers());
	}

	private Subscriber subscriber(String email, String campaign) {
		Instant now = Instant.now();
		Subscriber subscriber = new Subscriber(UUID.randomUUID().toString(), email, email, "Reader", "GB",
				List.of("en"), "Europe/London", SubscriberStatus.CONFIRMED,
				new Preferences(List.of(campaign), List.of(), List.of(), Cadence.IMMEDIATE), now, now);
		this.mongo.insert(subscriber);
		return subscriber;
	}

	private static AlertPublished alert(String campaign) {
		AlertSnapshot snapshot = new AlertSnapshot(AlertId.random(), 1, AlertKind.URGENT_ACTION, "test-org",
				new Campaign(campaign, "Campaign " + campaign), "KZ", List.of(), "en",
				Map.of("en", new LocalizedContent("Hunger strike in prison", "Write to the court now.", null, null)),
				List.of(new Action.ProtestToEmbassy(null)), Instant.now(), null, null);
		return new AlertPublished(EventId.random(), ContractEvent.SCHEMA_VERSION, Instant.now(), snapshot);
	}

	private static String campaign() {
		return "c" + UUID.randomUUID().toString().substring(0, 8);
	}

}
