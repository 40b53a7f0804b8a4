package org.solidarityalerts.dispatch.fanout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.AudienceResolved;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryBatchRequested;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.dispatch.delivery.PastRecipients;
import org.solidarityalerts.dispatch.digest.DigestItems;
import org.solidarityalerts.dispatch.operations.DispatchMetrics;
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
 * its kind. A new alert goes to the subscribers who match it; an update to them and to
 * everyone who received an earlier version; a cancellation only to those who received it.
 * The audience is streamed, never held; the cursor position is checkpointed after every
 * few batches, once Kafka has acknowledged them, so a crash repeats at most the batches
 * since the last checkpoint (and the delivery ledger drops repeats).
 */
@Component
public class AudienceStage {

	static final String SUBSCRIBERS = "subscribers";

	static final String PAST_RECIPIENTS = "past-recipients";

	static final String DIGESTS = "digests";

	private static final Logger logger = LoggerFactory.getLogger(AudienceStage.class);

	private final SubscriberStore subscribers;

	private final PastRecipients pastRecipients;

	private final DigestItems digests;

	private final MongoTemplate mongo;

	private final KafkaTemplate<String, ContractEvent> kafka;

	private final DispatchProperties properties;

	private final Clock clock;

	private final DispatchMetrics metrics;

	AudienceStage(SubscriberStore subscribers, PastRecipients pastRecipients, DigestItems digests, MongoTemplate mongo,
			KafkaTemplate<String, ContractEvent> kafka, DispatchProperties properties, Clock clock,
			DispatchMetrics metrics) {
		this.metrics = metrics;
		this.subscribers = subscribers;
		this.pastRecipients = pastRecipients;
		this.digests = digests;
		this.mongo = mongo;
		this.kafka = kafka;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Runs, or resumes, the audience stage of an alert version.
	 * @param event the event that carries the version
	 */
	public void run(AlertEvent event) {
		AlertVersion version = event.alertVersion();
		List<String> phases = switch (event) {
			case AlertEvent.AlertPublished published ->
				event.alert().kind().urgent() ? List.of(SUBSCRIBERS) : List.of(SUBSCRIBERS, DIGESTS);
			case AlertEvent.AlertUpdated updated -> event.alert().kind().urgent()
					? List.of(SUBSCRIBERS, PAST_RECIPIENTS) : List.of(SUBSCRIBERS, PAST_RECIPIENTS, DIGESTS);
			case AlertEvent.AlertCancelled cancelled -> List.of(PAST_RECIPIENTS);
		};
		long started = System.nanoTime();
		FanOutProgress progress = start(version, phases.getFirst());
		if (progress.complete()) {
			logger.debug("Audience of {} was already handed out", version);
			return;
		}
		Run run = new Run(event, progress);
		int batchSize = this.properties.fanOut().batchSize();
		for (int i = phases.indexOf(progress.phase()); i < phases.size(); i++) {
			String phase = phases.get(i);
			String after = phase.equals(progress.phase()) ? progress.lastSubscriberId() : null;
			if (phase.equals(SUBSCRIBERS)) {
				this.subscribers.streamAudience(event.alert(), after, batchSize, (id) -> run.add(phase, id));
			}
			else if (phase.equals(DIGESTS)) {
				this.subscribers.streamDigestAudience(event.alert(), after, batchSize, (id) -> run.add(phase, id));
			}
			else {
				this.pastRecipients.stream(version, after, batchSize, (id) -> run.add(phase, id));
			}
			boolean last = i == phases.size() - 1;
			run.endPhase(last ? null : phases.get(i + 1));
		}
		this.metrics.fanOut(Duration.ofNanos(System.nanoTime() - started));
		logger.info(
				"Handed the audience of {} to senders: {} recipients in {} batches, in {} ms ({} ms to the first "
						+ "recipient, {} ms waiting for Kafka's acknowledgements)",
				version, run.audience, run.batchNumber, Duration.ofNanos(System.nanoTime() - started).toMillis(),
				(run.firstRecipientAt == 0) ? 0 : Duration.ofNanos(run.firstRecipientAt - started).toMillis(),
				Duration.ofNanos(run.acknowledging).toMillis());
	}

	private FanOutProgress start(AlertVersion version, String firstPhase) {
		return this.mongo.findAndModify(Query.query(Criteria.where("_id").is(version.key())),
				new Update().setOnInsert("phase", firstPhase)
					.setOnInsert("batches", 0)
					.setOnInsert("audience", 0L)
					.setOnInsert("complete", false)
					.setOnInsert("startedAt", this.clock.instant()),
				FindAndModifyOptions.options().upsert(true).returnNew(true), FanOutProgress.class);
	}

	private final class Run {

		private final AlertEvent event;

		private final String topic;

		private final List<String> batch;

		private final List<CompletableFuture<?>> unacknowledged = new ArrayList<>();

		private int batchNumber;

		private long audience;

		private String phase = SUBSCRIBERS;

		/** How long the stage waited for Kafka to acknowledge its batches. */
		private long acknowledging;

		/** When the first of its audience was read ({@link System#nanoTime()}), or 0. */
		private long firstRecipientAt;

		private Run(AlertEvent event, FanOutProgress progress) {
			this.event = event;
			this.topic = Topics.deliveriesFor(event.alert().kind());
			this.batch = new ArrayList<>(AudienceStage.this.properties.fanOut().batchSize());
			this.batchNumber = progress.batches();
			this.audience = progress.audience();
		}

		void add(String phase, String subscriberId) {
			if (this.firstRecipientAt == 0) {
				this.firstRecipientAt = System.nanoTime();
			}
			this.phase = phase;
			this.batch.add(subscriberId);
			if (this.batch.size() == AudienceStage.this.properties.fanOut().batchSize()) {
				handOut();
				if (this.batchNumber % AudienceStage.this.properties.fanOut().checkpointEvery() == 0) {
					checkpoint(phase, subscriberId, false);
				}
			}
		}

		/**
		 * Hands out the phase's last partial batch, then checkpoints the next phase, or
		 * completes the stage.
		 */
		void endPhase(@Nullable String nextPhase) {
			if (!this.batch.isEmpty()) {
				handOut();
			}
			if (nextPhase != null) {
				checkpoint(nextPhase, null, false);
				return;
			}
			AudienceResolved resolved = new AudienceResolved(EventId.random(), ContractEvent.SCHEMA_VERSION,
					AudienceStage.this.clock.instant(), this.event.alertVersion(), this.audience, this.batchNumber);
			send(Topics.DELIVERY_OUTCOMES, this.event.subject(), resolved);
			checkpoint(null, null, true);
		}

		private void handOut() {
			if (this.phase.equals(DIGESTS)) {
				AudienceStage.this.digests.add(this.event.alertVersion(), List.copyOf(this.batch));
				this.batch.clear();
				return;
			}
			if (this.phase.equals(PAST_RECIPIENTS) && this.event instanceof AlertEvent.AlertUpdated) {
				// Those who match the update now were handed out in the subscribers
				// phase:
				// a second copy would only find the first one's claim busy and wait.
				Set<String> handedOut = AudienceStage.this.subscribers.inAudience(this.event.alert(), this.batch);
				this.batch.removeIf(handedOut::contains);
				if (this.batch.isEmpty()) {
					return;
				}
			}
			List<SubscriberId> ids = this.batch.stream().map((id) -> new SubscriberId(UUID.fromString(id))).toList();
			Instant now = AudienceStage.this.clock.instant();
			DeliveryBatchRequested request = new DeliveryBatchRequested(EventId.random(), ContractEvent.SCHEMA_VERSION,
					now, this.event.alertVersion(), this.batchNumber, ids, 1, null, false);
			send(this.topic, this.event.alertVersion().key() + "/" + this.batchNumber, request);
			this.batchNumber++;
			this.audience += ids.size();
			this.batch.clear();
		}

		private void send(String topic, String key, ContractEvent event) {
			ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(topic, key, event);
			EventHeaders.write(record.headers(), event, AudienceStage.this.properties.source());
			this.unacknowledged.add(AudienceStage.this.kafka.send(record));
		}

		private void checkpoint(@Nullable String phase, @Nullable String lastSubscriberId, boolean complete) {
			long waiting = System.nanoTime();
			CompletableFuture.allOf(this.unacknowledged.toArray(CompletableFuture[]::new)).join();
			this.acknowledging += System.nanoTime() - waiting;
			this.unacknowledged.clear();
			Update update = new Update().set("batches", this.batchNumber).set("audience", this.audience);
			if (phase != null) {
				update.set("phase", phase).set("lastSubscriberId", lastSubscriberId);
			}
			if (complete) {
				update.set("complete", true).set("completedAt", AudienceStage.this.clock.instant());
			}
			AudienceStage.this.mongo.updateFirst(Query.query(Criteria.where("_id").is(this.event.alertVersion().key())),
					update, FanOutProgress.class);
		}

	}

}
