package org.solidarityalerts.dispatch.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.solidarityalerts.contract.Action;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertEvent.AlertPublished;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.Campaign;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.LocalizedContent;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.subscriber.Cadence;
import org.solidarityalerts.dispatch.subscriber.Preferences;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Drives dispatch as ingest would: subscribers in MongoDB, alert events on the alert
 * topics; and reads the ledger.
 */
final class DeliveryFixtures {

	private final KafkaTemplate<String, ContractEvent> kafka;

	private final MongoTemplate mongo;

	DeliveryFixtures(KafkaTemplate<String, ContractEvent> kafka, MongoTemplate mongo) {
		this.kafka = kafka;
		this.mongo = mongo;
	}

	<E extends AlertEvent> E publish(E event) {
		send(Topics.alertsFor(event.alert().kind()), event);
		return event;
	}

	void send(String topic, ContractEvent event) {
		ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(topic, event.subject(), event);
		EventHeaders.write(record.headers(), event, "/test");
		this.kafka.send(record).join();
	}

	Subscriber subscriber(String email, String campaign) {
		Subscriber subscriber = newSubscriber(email, campaign);
		this.mongo.insert(subscriber);
		return subscriber;
	}

	static Subscriber newSubscriber(String email, String campaign) {
		Instant now = Instant.now();
		return new Subscriber(UUID.randomUUID().toString(), email, email, "Reader", "GB", List.of("en"),
				"Europe/London", SubscriberStatus.CONFIRMED,
				new Preferences(List.of(campaign), List.of(), List.of(), Cadence.IMMEDIATE), now, now);
	}

	String status(AlertVersion version, Subscriber subscriber) {
		Document entry = ledger(version, subscriber);
		return (entry != null) ? entry.getString("status") : null;
	}

	Document ledger(AlertVersion version, Subscriber subscriber) {
		return this.mongo.findById(DeliveryLedger.key(version, id(subscriber)), Document.class,
				DeliveryLedger.COLLECTION);
	}

	static SubscriberId id(Subscriber subscriber) {
		return new SubscriberId(UUID.fromString(subscriber.id()));
	}

	static AlertPublished alert(String campaign, int version) {
		return alert(campaign, version, AlertKind.URGENT_ACTION);
	}

	static AlertPublished alert(String campaign, int version, AlertKind kind) {
		AlertSnapshot snapshot = new AlertSnapshot(AlertId.random(), version, kind, "test-org",
				new Campaign(campaign, "Campaign " + campaign), "KZ", List.of(), "en",
				Map.of("en", new LocalizedContent("Hunger strike in prison", "Write to the court now.", null, null)),
				List.of(new Action.ProtestToEmbassy(null)), Instant.now(), null, null);
		return new AlertPublished(EventId.random(), ContractEvent.SCHEMA_VERSION, Instant.now(), snapshot);
	}

	static AlertSnapshot withId(AlertSnapshot snapshot, AlertId id) {
		return new AlertSnapshot(id, snapshot.version(), snapshot.kind(), snapshot.organisation(), snapshot.campaign(),
				snapshot.subjectCountry(), snapshot.tags(), snapshot.defaultLanguage(), snapshot.content(),
				snapshot.actions(), snapshot.publishAt(), snapshot.deadline(), snapshot.expiresAt());
	}

	static String campaign() {
		return "c" + UUID.randomUUID().toString().substring(0, 8);
	}

}
