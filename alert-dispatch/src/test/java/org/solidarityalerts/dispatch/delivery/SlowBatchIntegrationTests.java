package org.solidarityalerts.dispatch.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.solidarityalerts.contract.Campaign;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryBatchRequested;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.LocalizedContent;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.DispatchApplication;
import org.solidarityalerts.dispatch.subscriber.Cadence;
import org.solidarityalerts.dispatch.subscriber.Preferences;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.testsupport.DeliveryOracle;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;
import org.solidarityalerts.testsupport.TestInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A batch that takes longer to send than the claim timeout (a slow SMTP server), while a
 * second copy of the same batch arrives (Kafka delivers at least once: a producer retry,
 * a consumer that lost its partition). The first renews its claim as it goes, so the copy
 * waits instead of taking over recipients the first is still working through: nobody is
 * mailed twice, nor set aside as in doubt.
 */
@SpringBootTest(classes = DispatchApplication.class,
		properties = { "spring.config.name=dispatch", "spring.profiles.active=local",
				"alert.dispatch.delivery.claim-timeout=2s", "alert.dispatch.delivery.first-retry-after=2s",
				"alert.dispatch.fan-out.batch-size=20", "alert.dispatch.smtp.connections=2" })
@Import({ TestInfrastructure.Data.class, ScriptedSmtpServer.Configuration.class })
class SlowBatchIntegrationTests {

	@Autowired
	ScriptedSmtpServer smtp;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	KafkaTemplate<String, ContractEvent> kafka;

	@Test
	void aSecondCopyOfABatchThatOutlastsItsClaimDoesNotMailAnyoneTwice() {
		String campaign = "slow-" + UUID.randomUUID().toString().substring(0, 8);
		List<String> followers = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			followers.add(subscriber("slow-" + i + "-" + campaign + "@example.org", campaign));
		}
		DeliveryOracle oracle = new DeliveryOracle(this.mongo.getCollection(DeliveryLedger.COLLECTION), List::of,
				this.smtp::received);
		this.smtp.latency(Duration.ofMillis(300));
		AlertPublished alert = alert(campaign);
		oracle.acknowledged(alert.alertId().toString(), 1, followers);

		send(Topics.ALERTS_URGENT, alert);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.smtp.received().size() >= 1);
		send(Topics.DELIVERY_RETRIES, new DeliveryBatchRequested(EventId.random(), ContractEvent.SCHEMA_VERSION,
				Instant.now(), alert.alertVersion(), 0,
				followers.stream().map((id) -> new SubscriberId(UUID.fromString(id))).toList(), 1, null, false));

		oracle
			.awaitVerdict("a second copy of a batch that outlasts its claim", Duration.ofSeconds(60), System.nanoTime())
			.assertNothingLostOrDuplicated(0);
		// The batch renewed its claim as it went: the copy waited for it, and took over
		// nobody nor set anybody aside as in doubt.
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.mongo.getCollection(DeliveryLedger.COLLECTION)
				.find(new Document("alertId", alert.alertId().toString()))).hasSize(followers.size())
				.allSatisfy((delivery) -> assertThat(delivery).containsEntry("status", "sent")
					.containsEntry("attempts", 1)));
	}

	private String subscriber(String email, String campaign) {
		Instant now = Instant.now();
		Subscriber subscriber = new Subscriber(UUID.randomUUID().toString(), email, email, "Reader", "GB",
				List.of("en"), "Europe/London", SubscriberStatus.CONFIRMED,
				new Preferences(List.of(campaign), List.of(), List.of(), Cadence.IMMEDIATE), now, now);
		this.mongo.insert(subscriber);
		return subscriber.id();
	}

	private void send(String topic, ContractEvent event) {
		ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(topic, event.subject(), event);
		EventHeaders.write(record.headers(), event, "/test");
		this.kafka.send(record).join();
	}

	private static AlertPublished alert(String campaign) {
		AlertSnapshot snapshot = new AlertSnapshot(AlertId.random(), 1, AlertKind.URGENT_ACTION, "test-org",
				new Campaign(campaign, "Campaign " + campaign), "KZ", List.of(), "en",
				Map.of("en", new LocalizedContent("Hunger strike in prison", "Write to the court now.", null, null)),
				List.of(new Action.ProtestToEmbassy(null)), Instant.now(), null, null);
		return new AlertPublished(EventId.random(), ContractEvent.SCHEMA_VERSION, Instant.now(), snapshot);
	}

}
