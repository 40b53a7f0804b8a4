package org.solidarityalerts.ingest.publishing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.ingest.alert.AlertStore;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The outbox's figures, for Prometheus (names in docs/operations.md): events published
 * and publish attempts Kafka did not acknowledge, and, counted in MongoDB every
 * {@code alert.ingest.metrics.outbox-interval}, the alerts due and unpublished and how
 * long the oldest has waited. A backlog that grows, or an age beyond a minute, means
 * Kafka is not taking what organisers post.
 */
@Component
class OutboxMetrics {

	private static final Logger logger = LoggerFactory.getLogger(OutboxMetrics.class);

	private final Counter published;

	private final Counter failed;

	private final AtomicLong backlog = new AtomicLong();

	private final AtomicLong oldestDueAtMillis = new AtomicLong();

	private final AlertStore store;

	private final Clock clock;

	OutboxMetrics(MeterRegistry registry, AlertStore store, Clock clock) {
		this.store = store;
		this.clock = clock;
		this.published = Counter.builder("alert.ingest.outbox.published")
			.description("Events the relay published and Kafka acknowledged")
			.register(registry);
		this.failed = Counter.builder("alert.ingest.outbox.publish.failures")
			.description("Publish attempts Kafka did not acknowledge (the events stay in the outbox)")
			.register(registry);
		Gauge.builder("alert.ingest.outbox.backlog", this.backlog, AtomicLong::get)
			.description("Alerts with an event due and not yet published")
			.register(registry);
		Gauge.builder("alert.ingest.outbox.oldest.age", this, OutboxMetrics::oldestAgeSeconds)
			.description("How long the oldest due, unpublished event has waited")
			.baseUnit("seconds")
			.register(registry);
	}

	void published(int events) {
		this.published.increment(events);
	}

	void failed() {
		this.failed.increment();
	}

	@Scheduled(initialDelay = 0, fixedDelayString = "${alert.ingest.metrics.outbox-interval:15s}")
	void countBacklog() {
		try {
			AlertStore.OutboxBacklog now = this.store.outboxBacklog(this.clock.instant());
			this.backlog.set(now.alerts());
			this.oldestDueAtMillis.set((now.oldestDueAt() != null) ? now.oldestDueAt().toEpochMilli() : 0);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not count the outbox; the gauges keep their last values", ex);
		}
	}

	private double oldestAgeSeconds() {
		long dueAt = this.oldestDueAtMillis.get();
		if (dueAt == 0) {
			return 0;
		}
		return Math.max(0, Duration.between(Instant.ofEpochMilli(dueAt), this.clock.instant()).toMillis() / 1000.0);
	}

}
