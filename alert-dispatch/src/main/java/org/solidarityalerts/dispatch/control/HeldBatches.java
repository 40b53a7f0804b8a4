package org.solidarityalerts.dispatch.control;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryBatchRequested;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.DispatchProperties;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The batches of paused fan-outs, kept in MongoDB ({@code held_batches}, one document per
 * batch and attempt) instead of going round the retry topic for as long as the pause
 * lasts. A resume or a cancellation publishes them back to {@code deliveries.retry}, due
 * at once (a cancelled fan-out's are then skipped), and deletes each once Kafka has
 * acknowledged it: a crash in between publishes it again, and the delivery ledger drops
 * the repeat.
 */
@Component
public class HeldBatches {

	static final String COLLECTION = "held_batches";

	private static final Logger logger = LoggerFactory.getLogger(HeldBatches.class);

	private final MongoTemplate mongo;

	private final FanOutControls controls;

	private final KafkaTemplate<String, ContractEvent> kafka;

	private final DispatchProperties properties;

	private final Clock clock;

	HeldBatches(MongoTemplate mongo, FanOutControls controls, KafkaTemplate<String, ContractEvent> kafka,
			DispatchProperties properties, Clock clock) {
		this.mongo = mongo;
		this.controls = controls;
		this.kafka = kafka;
		this.properties = properties;
		this.clock = clock;
		mongo.indexOps(COLLECTION).createIndex(new Index().on("versionKey", Sort.Direction.ASC));
	}

	/**
	 * Holds a batch of a paused fan-out until an operator resumes or cancels it. Holding
	 * the same batch again changes nothing (a batch and attempt held twice keep their
	 * recipients once). If the pause ended while the batch was being held, it is released
	 * at once: either the resume finds it, or this finds the resume.
	 * @param batch the batch, as it arrived
	 */
	public void hold(DeliveryBatchRequested batch) {
		AlertVersion version = batch.alertVersion();
		Update update = new Update().setOnInsert("alertId", version.alertId().toString())
			.setOnInsert("version", version.version())
			.setOnInsert("versionKey", version.key())
			.setOnInsert("batch", batch.batch())
			.setOnInsert("attempt", batch.attempt())
			.setOnInsert("redrive", batch.redrive())
			.setOnInsert("heldAt", this.clock.instant())
			.addToSet("subscribers")
			.each(batch.subscribers().stream().map(SubscriberId::toString).toArray());
		this.mongo.upsert(Query.query(Criteria.where("_id").is(idOf(batch))), update, COLLECTION);
		FanOutControls.Control control = this.controls.of(version);
		if (!control.paused() || control.cancelled()) {
			release(version);
		}
	}

	/**
	 * Publishes the held batches of an alert version back to the retry topic, due now,
	 * and forgets each once Kafka has acknowledged it.
	 * @param version the alert version whose fan-out was resumed or cancelled
	 * @return how many batches were released
	 */
	public int release(AlertVersion version) {
		List<Document> held = this.mongo.find(
				Query.query(Criteria.where("versionKey").is(version.key())).with(Sort.by("batch", "attempt")),
				Document.class, COLLECTION);
		for (Document document : held) {
			List<SubscriberId> subscribers = document.getList("subscribers", String.class)
				.stream()
				.map(SubscriberId::parse)
				.toList();
			DeliveryBatchRequested batch = new DeliveryBatchRequested(EventId.random(), ContractEvent.SCHEMA_VERSION,
					this.clock.instant(), version, document.getInteger("batch"), subscribers,
					document.getInteger("attempt"), null, document.getBoolean("redrive", false));
			ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(Topics.DELIVERY_RETRIES,
					version.key() + "/" + batch.batch(), batch);
			EventHeaders.write(record.headers(), batch, this.properties.source());
			CompletableFuture<?> sent = this.kafka.send(record);
			sent.join();
			this.mongo.remove(Query.query(Criteria.where("_id").is(document.get("_id"))), COLLECTION);
		}
		if (!held.isEmpty()) {
			logger.info("Released {} held batches of {}", held.size(), version);
		}
		return held.size();
	}

	private static String idOf(DeliveryBatchRequested batch) {
		return batch.alertVersion().key() + "/" + batch.batch() + "/" + batch.attempt()
				+ (batch.redrive() ? "/redrive" : "");
	}

}
