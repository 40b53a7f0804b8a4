package org.solidarityalerts.dispatch.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.dispatch.subscription.Fixtures;
import org.solidarityalerts.contract.AlertEvent.AlertPublished;
import org.solidarityalerts.contract.AlertEvent.AlertUpdated;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryBatchRequested;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dispatch.DispatchApplication;
import org.solidarityalerts.dispatch.messaging.RetryTiers;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.testsupport.Mails;
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
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.solidarityalerts.dispatch.delivery.DeliveryFixtures.alert;
import static org.solidarityalerts.dispatch.delivery.DeliveryFixtures.campaign;
import static org.solidarityalerts.dispatch.delivery.DeliveryFixtures.id;
import static org.solidarityalerts.dispatch.delivery.DeliveryFixtures.withId;

/**
 * Retries never wait for one another: a batch that is not due yet pauses only its own
 * partition of its own tier, so one consumer thread keeps delivering what is due on every
 * other partition and tier; and an update whose audience overlaps its past recipients
 * hands each of them out once, so none waits for a busy claim (the claim timeout here is
 * two minutes).
 */
@SpringBootTest(classes = DispatchApplication.class,
		properties = { "spring.config.name=dispatch", "spring.profiles.active=local",
				"alert.dispatch.delivery.first-retry-after=1m", "alert.dispatch.delivery.backoff-multiplier=4",
				"alert.dispatch.delivery.max-attempts=4", "alert.dispatch.delivery.claim-timeout=2m",
				"alert.dispatch.fan-out.batch-size=2" })
@Import({ TestInfrastructure.Data.class, ScriptedSmtpServer.Configuration.class })
class RetryIsolationIntegrationTests {

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
	KafkaListenerEndpointRegistry registry;

	@Autowired
	RetryTiers tiers;

	private DeliveryFixtures fixtures;

	@BeforeEach
	void fixtures() {
		this.fixtures = new DeliveryFixtures(this.kafka, this.mongo);
	}

	@Test
	void aBatchNotDueYetPausesOnlyItsPartitionAndOneThreadDeliversADueBatchOnAnotherAtOnce() {
		MessageListenerContainer container = this.registry.getListenerContainer(DeliveryListeners.RETRY_LISTENER);
		assertThat(((ConcurrentMessageListenerContainer<?, ?>) container).getConcurrency())
			.as("one consumer thread reads every retry partition")
			.isEqualTo(1);
		String tier = this.tiers.all().getFirst().topic();
		assertThat(tier).isEqualTo("deliveries.retry.1m");
		assertIsolated(tier, 0, tier, 1);
	}

	@Test
	void aBatchNotDueYetOnOneTierDoesNotHoldADueBatchOnAnotherTier() {
		String shortTier = this.tiers.all().get(0).topic();
		String longTier = this.tiers.all().get(1).topic();
		assertIsolated(shortTier, 2, longTier, 2);
	}

	@Test
	void anUpdateReachesPastRecipientsWhoStillMatchItOnceAndWellWithinTheClaimTimeout() {
		String campaign = campaign();
		List<Subscriber> readers = List.of(this.fixtures.subscriber("a-" + campaign + "@example.org", campaign),
				this.fixtures.subscriber("b-" + campaign + "@example.org", campaign),
				this.fixtures.subscriber("c-" + campaign + "@example.org", campaign));
		Subscriber leaver = this.fixtures.subscriber("leaver-" + campaign + "@example.org", campaign);
		AlertPublished alert = this.fixtures.publish(alert(campaign, 1));
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(readers)
				.allSatisfy((reader) -> assertThat(this.smtp.receivedBy(reader.email())).hasSize(1)));
		await().atMost(PATIENCE).until(() -> this.smtp.receivedBy(leaver.email()).size() == 1);
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(leaver.id())),
				org.springframework.data.mongodb.core.query.Update.update("preferences.campaigns", List.of()),
				Subscriber.class);
		Subscriber newcomer = this.fixtures.subscriber("new-" + campaign + "@example.org", campaign);

		try (TopicReader batches = new TopicReader(bootstrap(), Topics.DELIVERIES_URGENT)) {
			AlertUpdated update = new AlertUpdated(EventId.random(), ContractEvent.SCHEMA_VERSION, Instant.now(),
					withId(alert(campaign, 2).alert(), alert.alert().id()), 1);
			this.fixtures.publish(update);

			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
				assertThat(readers).allSatisfy((reader) -> assertThat(this.smtp.receivedBy(reader.email())).hasSize(2)
					.last()
					.satisfies((mail) -> assertThat(Mails.subject(mail)).startsWith("Update: ")));
				assertThat(this.smtp.receivedBy(leaver.email())).hasSize(2);
				assertThat(this.smtp.receivedBy(newcomer.email())).hasSize(1);
			});
			await().atMost(PATIENCE).untilAsserted(() -> {
				Map<SubscriberId, Integer> handedOut = new HashMap<>();
				batches.records()
					.stream()
					.filter((record) -> record.key().startsWith(update.alertVersion().key() + "/"))
					.map((record) -> (DeliveryBatchRequested) WireFormat.jsonMapper()
						.readValue(record.value(), ContractEvent.class))
					.forEach((batch) -> batch.subscribers()
						.forEach((subscriber) -> handedOut.merge(subscriber, 1, Integer::sum)));
				assertThat(handedOut).as("every recipient of the update is in exactly one batch")
					.containsOnlyKeys(id(readers.get(0)), id(readers.get(1)), id(readers.get(2)), id(leaver),
							id(newcomer))
					.allSatisfy((subscriber, times) -> assertThat(times).isEqualTo(1));
			});
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(this.fixtures.status(update.alertVersion(), leaver)).isEqualTo("sent"));
		}
	}

	/**
	 * Sends a batch due in a minute, waits until its partition is paused, then sends a
	 * batch that is due now to another partition: it must be delivered within two
	 * seconds, and the first must not be.
	 */
	private void assertIsolated(String waitingTopic, int waitingPartition, String dueTopic, int duePartition) {
		String campaign = campaign();
		Subscriber later = this.fixtures.subscriber("later-" + campaign + "@example.org", "x-" + campaign);
		Subscriber now = this.fixtures.subscriber("now-" + campaign + "@example.org", "x-" + campaign);
		AlertPublished alert = this.fixtures.publish(alert(campaign, 1));
		await().atMost(PATIENCE)
			.until(() -> this.mongo.exists(
					Query.query(Criteria.where("_id").is(alert.alertVersion().key()).and("complete").is(true)),
					"fanouts"));
		MessageListenerContainer container = this.registry.getListenerContainer(DeliveryListeners.RETRY_LISTENER);
		TopicPartition waiting = new TopicPartition(waitingTopic, waitingPartition);

		retry(waiting, alert, 1, later, Instant.now().plusSeconds(60));
		await().atMost(PATIENCE).until(() -> container.isPartitionPaused(waiting));
		retry(new TopicPartition(dueTopic, duePartition), alert, 2, now, Instant.now());

		await().atMost(Duration.ofSeconds(2)).until(() -> this.smtp.receivedBy(now.email()).size() == 1);
		assertThat(this.smtp.receivedBy(later.email())).isEmpty();
		assertThat(this.fixtures.status(alert.alertVersion(), later)).isNull();
		assertThat(container.isPartitionPaused(waiting)).isTrue();
	}

	private void retry(TopicPartition partition, AlertPublished alert, int batch, Subscriber subscriber,
			Instant notBefore) {
		DeliveryBatchRequested retry = new DeliveryBatchRequested(EventId.random(), ContractEvent.SCHEMA_VERSION,
				Instant.now(), alert.alertVersion(), batch, List.of(id(subscriber)), 2, notBefore, false);
		ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(partition.topic(), partition.partition(),
				alert.alertVersion().key() + "/" + batch, retry);
		EventHeaders.write(record.headers(), retry, "/test");
		this.kafka.send(record).join();
	}

	private String bootstrap() {
		return String.join(",", this.kafkaConnection.getBootstrapServers());
	}

}
