package org.solidarityalerts.dispatch.fanout;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.AudienceResolved;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryBatchRequested;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.dispatch.subscriber.SubscriberStore;

import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Hands an alert version's audience to the senders in batches on the delivery topic of
 * its kind. The audience is streamed, never held; the cursor position is checkpointed
 * after every few batches, once Kafka has acknowledged them, so a crash repeats at most
 * the batches since the last checkpoint (and the delivery ledger drops repeats).
 */
@Component
public class AudienceStage {

	private static final Logger logger = LoggerFactory.getLogger(AudienceStage.class);

	private final SubscriberStore subscribers;

	private final MongoTemplate mongo;

	private final KafkaTemplate<String, ContractEvent> kafka;

	private final DispatchProperties properties;

	private final Clock clock;

	AudienceStage(SubscriberStore subscribers, MongoTemplate mongo, KafkaTemplate<String, ContractEvent> kafka,
			DispatchProperties properties, Clock clock) {
		this.subscribers = subscribers;
		this.mongo = mongo;
		this.kafka = kafka;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Runs, or resumes, the audience stage of an alert version.
	 * @param alert the alert version
	 */
	public void run(AlertSnapshot alert) {
		AlertVersion version = alert.alertVersion();
		FanOutProgress progress = start(version);
		if (progress.complete()) {
			logger.debug("Audience of {} was already handed out", version);
			return;
		}
		Run run = new Run(alert, progress);
		this.subscribers.streamAudience(alert, progress.lastSubscriberId(), this.properties.fanOut().batchSize(),
				run::add);
		run.finish();
		logger.info("Handed the audience of {} to senders: {} recipients in {} batches", version, run.audience,
				run.batchNumber);
	}

	private FanOutProgress start(AlertVersion version) {
		return this.mongo.findAndModify(Query.query(Criteria.where("_id").is(version.key())),
				new Update().setOnInsert("batches", 0)
					.setOnInsert("audience", 0L)
					.setOnInsert("complete", false)
					.setOnInsert("startedAt", this.clock.instant()),
				FindAndModifyOptions.options().upsert(true).returnNew(true), FanOutProgress.class);
	}

	private final class Run {

		private final AlertSnapshot alert;

		private final String topic;

		private final List<String> batch;

		private final List<CompletableFuture<?>> unacknowledged = new ArrayList<>();

		private int batchNumber;

		private long audience;

		private Run(AlertSnapshot alert, FanOutProgress progress) {
			this.alert = alert;
			this.topic = Topics.deliveriesFor(alert.kind());
			this.batch = new ArrayList<>(AudienceStage.this.properties.fanOut().batchSize());
			this.batchNumber = progress.batches();
			this.audience = progress.audience();
		}

		void add(String subscriberId) {
			this.batch.add(subscriberId);
			if (this.batch.size() == AudienceStage.this.properties.fanOut().batchSize()) {
				handOut();
				if (this.batchNumber % AudienceStage.this.properties.fanOut().checkpointEvery() == 0) {
					checkpoint(subscriberId, false);
				}
			}
		}

		void finish() {
			String last = this.batch.isEmpty() ? null : this.batch.getLast();
			if (!this.batch.isEmpty()) {
				handOut();
			}
			AudienceResolved resolved = new AudienceResolved(EventId.random(), ContractEvent.SCHEMA_VERSION,
					AudienceStage.this.clock.instant(), this.alert.alertVersion(), this.audience, this.batchNumber);
			send(Topics.DELIVERY_OUTCOMES, this.alert.id().toString(), resolved);
			checkpoint(last, true);
		}

		private void handOut() {
			List<SubscriberId> ids = this.batch.stream().map((id) -> new SubscriberId(UUID.fromString(id))).toList();
			Instant now = AudienceStage.this.clock.instant();
			DeliveryBatchRequested request = new DeliveryBatchRequested(EventId.random(), ContractEvent.SCHEMA_VERSION,
					now, this.alert.alertVersion(), this.batchNumber, ids, 1, null);
			send(this.topic, this.alert.alertVersion().key() + "/" + this.batchNumber, request);
			this.batchNumber++;
			this.audience += ids.size();
			this.batch.clear();
		}

		private void send(String topic, String key, ContractEvent event) {
			ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(topic, key, event);
			EventHeaders.write(record.headers(), event, AudienceStage.this.properties.source());
			this.unacknowledged.add(AudienceStage.this.kafka.send(record));
		}

		private void checkpoint(String lastSubscriberId, boolean complete) {
			CompletableFuture.allOf(this.unacknowledged.toArray(CompletableFuture[]::new)).join();
			this.unacknowledged.clear();
			Update update = new Update().set("batches", this.batchNumber).set("audience", this.audience);
			if (lastSubscriberId != null) {
				update.set("lastSubscriberId", lastSubscriberId);
			}
			if (complete) {
				update.set("complete", true).set("completedAt", AudienceStage.this.clock.instant());
			}
			AudienceStage.this.mongo.updateFirst(Query.query(Criteria.where("_id").is(this.alert.alertVersion().key())),
					update, FanOutProgress.class);
		}

	}

}
