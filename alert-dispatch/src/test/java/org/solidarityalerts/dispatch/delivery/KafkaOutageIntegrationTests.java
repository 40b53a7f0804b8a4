package org.solidarityalerts.dispatch.delivery;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.AlertEvent.AlertPublished;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.DeliveriesRecorded;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryBatchRequested;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dispatch.messaging.TopicCreationRuns;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;
import org.solidarityalerts.testsupport.TopicOutage;
import org.solidarityalerts.testsupport.TopicReader;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.solidarityalerts.dispatch.delivery.DeliveryFixtures.alert;
import static org.solidarityalerts.dispatch.delivery.DeliveryFixtures.campaign;
import static org.solidarityalerts.dispatch.delivery.DeliveryFixtures.id;

/**
 * Kafka that cannot take what dispatch's listeners publish: an alert's batches or a
 * batch's deferred recipients for longer than their error handler's ordinary retries last
 * (five attempts of a send that times out after {@value #SEND_TIMEOUT_MS} ms, and 1.5 s
 * of backoff between them, here: 7.5 s by default), a batch's outcomes or a dead letter
 * for several times the producer's timeout. The topic they go to is gone for a while, so
 * each write times out waiting for its partitions, as it does while a cluster has too few
 * brokers to take it, while the other topics still take records: dispatch must keep the
 * record and try again until Kafka takes it, not dead-letter it for an operator to
 * re-drive, nor drop it, and must not mail anyone twice.
 */
@ScriptedSmtpIntegrationTest
@TestPropertySource(
		properties = { "spring.kafka.producer.properties.max.block.ms=" + KafkaOutageIntegrationTests.SEND_TIMEOUT_MS,
				"spring.kafka.producer.properties.delivery.timeout.ms=" + KafkaOutageIntegrationTests.SEND_TIMEOUT_MS,
				"spring.kafka.producer.properties.request.timeout.ms=1500",
				"spring.kafka.consumer.properties.metadata.max.age.ms=1000",
				"alert.dispatch.listeners.retry-after=100ms", "alert.dispatch.listeners.outage-retry-every=2s" })
class KafkaOutageIntegrationTests {

	static final int SEND_TIMEOUT_MS = 2000;

	private static final Logger logger = LoggerFactory.getLogger(KafkaOutageIntegrationTests.class);

	/**
	 * Longer than the error handler's ordinary retries take to run out (11.5 s here),
	 * after which the code before this test dead-lettered the record.
	 */
	private static final Duration OUTAGE = Duration.ofSeconds(15);

	/**
	 * Five times the producer's timeout: a record published without waiting is dropped
	 * well inside it, and a batch that waits fails and is read again more than once.
	 */
	private static final Duration SHORT_OUTAGE = Duration.ofSeconds(10);

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@Autowired
	ScriptedSmtpServer smtp;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	KafkaTemplate<String, ContractEvent> kafka;

	@Autowired
	KafkaConnectionDetails kafkaConnection;

	@Autowired
	KafkaAdmin kafkaAdmin;

	@Autowired
	List<ScheduledTaskHolder> schedules;

	private DeliveryFixtures fixtures;

	@BeforeEach
	void fixtures() {
		this.fixtures = new DeliveryFixtures(this.kafka, this.mongo);
	}

	@BeforeEach
	void topicsCreatedAfterStartUp() {
		TopicCreationRuns.awaitTheOneAfterStartUp(this.schedules);
	}

	@Test
	void anAlertWhoseBatchesKafkaCannotTakeForLongerThanTheRetriesLastIsSentOnceKafkaTakesThem() {
		String campaign = campaign();
		List<Subscriber> followers = List.of(this.fixtures.subscriber("one-" + campaign + "@example.org", campaign),
				this.fixtures.subscriber("two-" + campaign + "@example.org", campaign),
				this.fixtures.subscriber("three-" + campaign + "@example.org", campaign),
				this.fixtures.subscriber("four-" + campaign + "@example.org", campaign));
		AlertPublished alert;
		try (TopicReader deadLetters = new TopicReader(bootstrap(), Topics.deadLetterOf(Topics.ALERTS_URGENT))) {
			try (TopicOutage outage = unwritable(Topics.DELIVERIES_URGENT)) {
				alert = this.fixtures.publish(alert(campaign, 1));
				String key = alert.subject();
				await().during(OUTAGE).atMost(OUTAGE.plusSeconds(10)).untilAsserted(() -> {
					assertThat(deadLettered(deadLetters, key)).as("the alert on its dead-letter topic").isEmpty();
					assertThat(followers).as("followers mailed while their batches could not be published")
						.allSatisfy((follower) -> assertThat(this.smtp.receivedBy(follower.email())).isEmpty());
				});
			}

			long back = System.nanoTime();
			await().atMost(PATIENCE).untilAsserted(() -> {
				for (Subscriber follower : followers) {
					assertThat(this.smtp.receivedBy(follower.email())).as(follower.email()).hasSize(1);
					assertThat(this.fixtures.status(alert.alertVersion(), follower)).isEqualTo("sent");
				}
			});
			logger.info("Alert's batches unwritable for {}: its {} followers mailed once {} ms after Kafka took them",
					OUTAGE, followers.size(), Duration.ofNanos(System.nanoTime() - back).toMillis());
			assertThat(deadLettered(deadLetters, alert.subject())).as("the alert on its dead-letter topic").isEmpty();
		}
	}

	@Test
	void aDeferredRecipientWhoseRetryKafkaCannotTakeForLongerThanTheRetriesLastIsTriedAgainNotDeadLettered() {
		String campaign = campaign();
		Subscriber patient = this.fixtures.subscriber("patient-" + campaign + "@example.org", campaign);
		Subscriber prompt = this.fixtures.subscriber("prompt-" + campaign + "@example.org", campaign);
		this.smtp.deferFirst(patient.email(), Integer.MAX_VALUE, 451);
		try (TopicReader bulkDeadLetters = new TopicReader(bootstrap(), Topics.deadLetterOf(Topics.DELIVERIES_BULK));
				TopicReader retryDeadLetters = new TopicReader(bootstrap(), DeliveryService.DEAD_LETTERS)) {
			AlertPublished alert;
			try (TopicOutage outage = unwritable(retryTopics())) {
				alert = this.fixtures.publish(alert(campaign, 1, AlertKind.APPEAL));
				String key = alert.alertVersion().key();
				await().atMost(PATIENCE).until(() -> this.smtp.receivedBy(prompt.email()).size() == 1);
				await().during(OUTAGE).atMost(OUTAGE.plusSeconds(10)).untilAsserted(() -> {
					assertThat(deadLettered(bulkDeadLetters, key)).as("the batch on its dead-letter topic").isEmpty();
					assertThat(deadLettered(retryDeadLetters, key)).as("the deferred reader dead-lettered").isEmpty();
					assertThat(this.smtp.receivedBy(patient.email())).as("the deferred reader's mail").isEmpty();
				});
				assertThat(this.smtp.attempts(patient.email())).as("the patient reader's server was asked again")
					.isGreaterThan(1);
				// The relay takes the message from now on.
				this.smtp.deferFirst(patient.email(), 0, 451);
			}

			long back = System.nanoTime();
			await().atMost(PATIENCE).untilAsserted(() -> {
				assertThat(this.smtp.receivedBy(patient.email())).hasSize(1);
				assertThat(this.fixtures.status(alert.alertVersion(), patient)).isEqualTo("sent");
			});
			logger.info(
					"Retry topics unwritable for {}: the deferred reader asked {} times, mailed once {} ms after "
							+ "Kafka took retries again",
					OUTAGE, this.smtp.attempts(patient.email()), Duration.ofNanos(System.nanoTime() - back).toMillis());
			assertThat(this.smtp.receivedBy(prompt.email())).hasSize(1);
			assertThat(deadLettered(bulkDeadLetters, alert.alertVersion().key())).isEmpty();
			assertThat(deadLettered(retryDeadLetters, alert.alertVersion().key())).isEmpty();
			// The batch that sent the prompt reader's message failed afterwards, when its
			// deferred reader's retry could not be published; it was read again, and
			// found that message sent.
			try (TopicReader outcomes = new TopicReader(bootstrap(), Topics.DELIVERY_OUTCOMES)) {
				await().atMost(PATIENCE)
					.untilAsserted(
							() -> assertThat(outcomes(outcomes, alert.alertVersion())).as("the outcomes published")
								.containsEntry(id(prompt), "sent")
								.containsEntry(id(patient), "sent"));
			}
		}
	}

	@Test
	void outcomesKafkaCannotTakeForLongerThanTheProducersTimeoutArePublishedOnceItTakesThemAndNobodyIsMailedTwice() {
		String campaign = campaign();
		List<Subscriber> followers = List.of(this.fixtures.subscriber("first-" + campaign + "@example.org", campaign),
				this.fixtures.subscriber("second-" + campaign + "@example.org", campaign));
		this.smtp.holdAfter(0);
		AlertPublished alert;
		try (TopicReader deadLetters = new TopicReader(bootstrap(), Topics.deadLetterOf(Topics.DELIVERIES_URGENT))) {
			alert = this.fixtures.publish(alert(campaign, 1));
			// The audience is resolved and its batch is being sent: only then do the
			// outcomes have nowhere to go.
			try (TopicOutage outage = unwritableOnceHeld(Topics.DELIVERY_OUTCOMES)) {
				await().atMost(PATIENCE)
					.untilAsserted(() -> assertThat(followers)
						.allSatisfy((follower) -> assertThat(this.fixtures.status(alert.alertVersion(), follower))
							.isEqualTo("sent")));
				await().during(SHORT_OUTAGE).atMost(SHORT_OUTAGE.plusSeconds(10)).untilAsserted(() -> {
					assertThat(deadLettered(deadLetters, alert.alertVersion().key())).as("the batch dead-lettered")
						.isEmpty();
					assertThat(followers).as("followers mailed while their batch was read again")
						.allSatisfy((follower) -> assertThat(this.smtp.receivedBy(follower.email())).hasSize(1));
				});
			}

			long back = System.nanoTime();
			try (TopicReader outcomes = new TopicReader(bootstrap(), Topics.DELIVERY_OUTCOMES)) {
				await().atMost(PATIENCE)
					.untilAsserted(
							() -> assertThat(outcomes(outcomes, alert.alertVersion())).as("the outcomes published")
								.containsEntry(id(followers.get(0)), "sent")
								.containsEntry(id(followers.get(1)), "sent"));
			}
			logger.info("Outcomes unwritable for {}: published {} ms after Kafka took them again", SHORT_OUTAGE,
					Duration.ofNanos(System.nanoTime() - back).toMillis());
			for (Subscriber follower : followers) {
				assertThat(this.smtp.receivedBy(follower.email())).as(follower.email()).hasSize(1);
			}
			assertThat(deadLettered(deadLetters, alert.alertVersion().key())).isEmpty();
		}
	}

	@Test
	void aDeadLetterKafkaCannotTakeWhenRetriesRunOutIsWrittenOnceItTakesItWithoutAnotherAttempt() {
		String campaign = campaign();
		Subscriber unlucky = this.fixtures.subscriber("unlucky-" + campaign + "@example.org", campaign);
		this.smtp.deferFirst(unlucky.email(), Integer.MAX_VALUE, 452);
		AlertPublished alert;
		try (TopicOutage outage = unwritable(DeliveryService.DEAD_LETTERS)) {
			alert = this.fixtures.publish(alert(campaign, 1));
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(this.fixtures.status(alert.alertVersion(), unlucky))
					.isEqualTo("dead-lettered"));
			await().during(SHORT_OUTAGE).atMost(SHORT_OUTAGE.plusSeconds(10)).untilAsserted(() -> {
				assertThat(this.smtp.attempts(unlucky.email())).as("attempts").isEqualTo(3);
				assertThat(parking(alert, unlucky)).as("the dead letter not written yet")
					.isEqualTo("retries ran out after 3 attempts");
			});
		}

		long back = System.nanoTime();
		try (TopicReader deadLetters = new TopicReader(bootstrap(), DeliveryService.DEAD_LETTERS)) {
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(deadLettered(deadLetters, alert.alertVersion().key())).singleElement()
					.satisfies((record) -> {
						DeliveryBatchRequested parked = (DeliveryBatchRequested) WireFormat.jsonMapper()
							.readValue(record.value(), ContractEvent.class);
						assertThat(parked.subscribers()).containsExactly(id(unlucky));
						assertThat(EventHeaders.read(record.headers(), DeliveryService.REASON_HEADER))
							.isEqualTo("retries ran out after 3 attempts");
					}));
			logger.info("Dead letters unwritable for {}: the dead letter written {} ms after Kafka took it",
					SHORT_OUTAGE, Duration.ofNanos(System.nanoTime() - back).toMillis());
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(parking(alert, unlucky)).isNull());
			assertThat(deadLettered(deadLetters, alert.alertVersion().key())).hasSize(1);
		}
		assertThat(this.smtp.attempts(unlucky.email())).as("attempts").isEqualTo(3);
		assertThat(this.smtp.receivedBy(unlucky.email())).isEmpty();
		try (TopicReader outcomes = new TopicReader(bootstrap(), Topics.DELIVERY_OUTCOMES)) {
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(outcomes(outcomes, alert.alertVersion())).containsEntry(id(unlucky),
						"dead-lettered"));
		}
	}

	/**
	 * Takes a topic away once the SMTP server holds a client, and then lets it go on.
	 */
	private TopicOutage unwritableOnceHeld(String topic) {
		try {
			await().atMost(PATIENCE).until(() -> this.smtp.held() == 1);
			return unwritable(topic);
		}
		finally {
			this.smtp.release();
		}
	}

	/** The reason a delivery's dead letter gives while it is not known to be written. */
	private @Nullable String parking(AlertPublished alert, Subscriber subscriber) {
		Document delivery = this.mongo.findById(DeliveryLedger.key(alert.alertVersion(), id(subscriber)),
				Document.class, DeliveryLedger.COLLECTION);
		return (delivery != null) ? delivery.getString(DeliveryLedger.PARKING) : null;
	}

	/**
	 * Each subscriber's latest outcome of an alert version on {@code delivery.outcomes}.
	 */
	private static Map<SubscriberId, String> outcomes(TopicReader outcomes, AlertVersion version) {
		Map<SubscriberId, String> latest = new HashMap<>();
		for (ConsumerRecord<String, byte[]> record : outcomes.records()) {
			if (WireFormat.jsonMapper()
				.readValue(record.value(), ContractEvent.class) instanceof DeliveriesRecorded recorded
					&& recorded.alertVersion().equals(version)) {
				recorded.deliveries()
					.forEach((outcome) -> latest.put(outcome.subscriber(), WireFormat.name(outcome.status())));
			}
		}
		return latest;
	}

	private static List<ConsumerRecord<String, byte[]>> deadLettered(TopicReader deadLetters, String keyPrefix) {
		return deadLetters.records().stream().filter((record) -> record.key().startsWith(keyPrefix)).toList();
	}

	/** The retry tiers' topics (not their dead letters). */
	private List<String> retryTopics() {
		return TopicOutage.topics(bootstrap())
			.stream()
			.filter((topic) -> topic.startsWith(Topics.DELIVERY_RETRIES) && !topic.endsWith(Topics.DEAD_LETTER_SUFFIX))
			.sorted()
			.toList();
	}

	private TopicOutage unwritable(String topic) {
		return unwritable(List.of(topic));
	}

	/**
	 * Takes topics away until closed, then creates them again as dispatch declares them.
	 */
	private TopicOutage unwritable(Collection<String> topics) {
		return TopicOutage.of(bootstrap(), topics, this.kafkaAdmin::initialize);
	}

	private String bootstrap() {
		return String.join(",", this.kafkaConnection.getBootstrapServers());
	}

}
