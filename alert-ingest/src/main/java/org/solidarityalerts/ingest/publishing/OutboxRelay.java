package org.solidarityalerts.ingest.publishing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.ingest.IngestProperties;
import org.solidarityalerts.ingest.alert.AlertStore;
import org.solidarityalerts.ingest.alert.AlertStore.Claim;
import org.solidarityalerts.ingest.alert.AlertStore.DueEvent;
import org.solidarityalerts.ingest.alert.AlertStored;
import org.solidarityalerts.ingest.operations.OutboxTracing;
import org.solidarityalerts.service.KafkaAway;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Publishes what the outbox holds: woken at once when an alert is stored, and on a
 * schedule for embargoed alerts and for whatever a Kafka outage or a crash left behind.
 * An event is marked published only after Kafka acknowledged it from all in-sync
 * replicas, so a crash can cause a second publish (consumers drop it by event id) but
 * never a loss. Once Kafka acknowledged, it announces {@link AlertEventsPublished} in the
 * application (the organisations' webhooks), before the outbox records the events as
 * published. Urgent actions go first, and one that Kafka could not take yet is tried
 * again before any alert that is not urgent.
 */
@Component
class OutboxRelay implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	private final AlertStore store;

	private final KafkaTemplate<String, ContractEvent> kafka;

	private final IngestProperties properties;

	private final Clock clock;

	private final OutboxMetrics metrics;

	private final ExecutorService worker = Executors
		.newSingleThreadExecutor(Thread.ofPlatform().name("outbox-relay").daemon().factory());

	private final AtomicBoolean wakeRequested = new AtomicBoolean();

	private final KafkaAdmin admin;

	private final ApplicationEventPublisher events;

	/**
	 * Whether the alert topics are known to exist; written and read only by the relay's
	 * own thread.
	 */
	private boolean topicsReady;

	OutboxRelay(AlertStore store, KafkaTemplate<String, ContractEvent> kafka, KafkaAdmin admin,
			IngestProperties properties, Clock clock, OutboxMetrics metrics, ApplicationEventPublisher events) {
		this.metrics = metrics;
		this.events = events;
		this.store = store;
		this.kafka = kafka;
		this.admin = admin;
		this.properties = properties;
		this.clock = clock;
	}

	@EventListener
	void onAlertStored(AlertStored stored) {
		wake();
	}

	@Scheduled(fixedDelayString = "${alert.ingest.relay.poll-interval:1s}")
	void poll() {
		wake();
	}

	void wake() {
		if (this.wakeRequested.compareAndSet(false, true)) {
			this.worker.execute(this::drain);
		}
	}

	private void drain() {
		this.wakeRequested.set(false);
		try {
			if (!this.topicsReady) {
				// Topics are created at start-up; if Kafka was down then, create them
				// now, before publishing.
				this.topicsReady = this.admin.initialize();
				if (!this.topicsReady) {
					return;
				}
			}
			Optional<Claim> claim;
			while ((claim = this.store.claimDue(this.clock.instant(), this.properties.relay().lease())).isPresent()) {
				if (!publish(claim.get())) {
					return;
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Outbox relay could not read the alert store; will try again", ex);
		}
	}

	/**
	 * Publishes a claim's events.
	 * @param claim the claim
	 * @return whether the relay may go on to the next alert: not when Kafka could not
	 * take this one yet
	 */
	private boolean publish(Claim claim) {
		try {
			List<CompletableFuture<SendResult<String, ContractEvent>>> sends = new ArrayList<>();
			for (DueEvent due : claim.events()) {
				ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(due.topic(), due.key(),
						due.event());
				EventHeaders.write(record.headers(), due.event(), this.properties.source());
				// The record joins the trace of the request that stored the event.
				OutboxTracing.within(due.traceparent(), () -> sends.add(this.kafka.send(record)));
			}
			long timeout = this.properties.relay().sendTimeout().toMillis();
			for (CompletableFuture<SendResult<String, ContractEvent>> send : sends) {
				send.get(timeout, TimeUnit.MILLISECONDS);
			}
			// Listeners (webhooks) store what they must do before the outbox forgets the
			// events; a failure here leaves them in the outbox, to be published again.
			try {
				this.events.publishEvent(new AlertEventsPublished(claim.alertId(),
						claim.events().stream().map(DueEvent::event).toList()));
			}
			catch (RuntimeException ex) {
				logger.warn("Alert {} is on Kafka but its webhooks could not be queued; it stays in the outbox and "
						+ "is published again ({})", claim.alertId(), ex.toString());
				this.store.release(claim, this.clock.instant().plus(this.properties.relay().pollInterval()));
				return true;
			}
			this.store.markPublished(claim, this.clock.instant());
			this.metrics.published(claim.events().size());
			logger.debug("Published {} event(s) of alert {}", claim.events().size(), claim.alertId());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.store.release(claim, this.clock.instant());
			return false;
		}
		catch (Exception ex) {
			this.metrics.failed();
			Instant now = this.clock.instant();
			if (kafkaCannotTakeItYet(ex)) {
				// Kafka is away, or the alert's partition has no leader yet: end this
				// drain and leave the alert due at once, for the next wake (which claims
				// urgent actions first) to take up again. Going on to the alerts behind
				// it would publish them first if Kafka came back in between; instead the
				// relay tries one alert per wake until Kafka takes it.
				logger.warn("Kafka did not acknowledge alert {}; it stays in the outbox and is tried again first ({})",
						claim.alertId(), ex.toString());
				this.store.release(claim, now);
				return false;
			}
			// Kafka refused this alert's events themselves: only this alert waits.
			logger.warn("Kafka refused alert {}; it stays in the outbox and is retried ({})", claim.alertId(),
					ex.toString());
			this.store.release(claim, now.plus(this.properties.relay().pollInterval()));
			return true;
		}
	}

	/**
	 * Whether a failed publish says Kafka cannot take anything yet (an error the producer
	 * itself retries, such as a partition without a leader, or the relay's own wait for
	 * the acknowledgement running out), rather than that it refused these events.
	 */
	static boolean kafkaCannotTakeItYet(Throwable failure) {
		return KafkaAway.in(failure) || failure instanceof TimeoutException || producerClosed(failure);
	}

	/**
	 * Whether the producer was closed under the send (Spring Kafka then makes a new one),
	 * which says nothing about these events: the Kafka client says so only in its
	 * messages. Seen with the urgent topic gone: a send waiting for its metadata failed
	 * so, and counted as a refusal it let the appeals behind it go first.
	 */
	private static boolean producerClosed(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			String message = cause.getMessage();
			if ((cause instanceof org.apache.kafka.common.KafkaException || cause instanceof IllegalStateException)
					&& message != null
					&& (message.startsWith("Producer closed") || message.startsWith("Producer is closed")
							|| message.endsWith("after producer has been closed"))) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void destroy() {
		this.worker.shutdownNow();
	}

}
