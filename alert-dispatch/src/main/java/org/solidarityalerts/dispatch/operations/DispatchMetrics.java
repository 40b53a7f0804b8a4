package org.solidarityalerts.dispatch.operations;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.WireFormat;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.PartialIndexFilter;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Dispatch's own figures, for Prometheus (names in docs/operations.md): deliveries by
 * outcome, SMTP latency, fan-out duration, bounces and complaints, and, counted in the
 * delivery ledger every {@code alert.dispatch.metrics.ledger-interval}, the deliveries
 * waiting for a retry and those in doubt. Counting on a schedule rather than on each
 * scrape keeps a scraper from querying the ledger.
 */
@Component
public class DispatchMetrics {

	private static final Logger logger = LoggerFactory.getLogger(DispatchMetrics.class);

	/** The delivery ledger's collection. */
	private static final String LEDGER = "deliveries";

	private final Map<DeliveryStatus, Counter> deliveries = new EnumMap<>(DeliveryStatus.class);

	private final Map<DeliveryStatus, Timer> smtpSends = new EnumMap<>(DeliveryStatus.class);

	private final Timer fanOuts;

	private final Counter bounces;

	private final Counter complaints;

	private final AtomicLong retriesPending = new AtomicLong();

	private final AtomicLong inDoubt = new AtomicLong();

	private final MongoTemplate mongo;

	DispatchMetrics(MeterRegistry registry, MongoTemplate mongo) {
		this.mongo = mongo;
		ledgerCountIndexes().forEach(mongo.indexOps(LEDGER)::createIndex);
		for (DeliveryStatus status : DeliveryStatus.values()) {
			this.deliveries.put(status,
					Counter.builder("alert.dispatch.deliveries")
						.description("Deliveries recorded, by outcome")
						.tag("outcome", WireFormat.name(status))
						.register(registry));
			this.smtpSends.put(status,
					Timer.builder("alert.dispatch.smtp.send")
						.description("How long the SMTP server took to take or refuse one message")
						.tag("outcome", WireFormat.name(status))
						.publishPercentileHistogram()
						.register(registry));
		}
		this.fanOuts = Timer.builder("alert.dispatch.fanout.duration")
			.description("How long the audience stage took to hand an alert version's audience to the senders")
			.register(registry);
		this.bounces = Counter.builder("alert.dispatch.feedback")
			.description("Bounces and complaints received")
			.tag("kind", "bounce")
			.register(registry);
		this.complaints = Counter.builder("alert.dispatch.feedback")
			.description("Bounces and complaints received")
			.tag("kind", "complaint")
			.register(registry);
		Gauge.builder("alert.dispatch.retries.pending", this.retriesPending, AtomicLong::get)
			.description("Deliveries deferred and waiting for a retry, in the ledger")
			.register(registry);
		Gauge.builder("alert.dispatch.in.doubt", this.inDoubt, AtomicLong::get)
			.description("Deliveries in doubt (dispatch stopped while the SMTP server had them), in the ledger")
			.register(registry);
	}

	/**
	 * Counts a recorded delivery outcome.
	 * @param outcome the outcome
	 */
	public void delivered(DeliveryStatus outcome) {
		this.deliveries.get(outcome).increment();
	}

	/**
	 * Records one SMTP transaction.
	 * @param took how long it took
	 * @param outcome what the server answered
	 */
	public void smtpSend(Duration took, DeliveryStatus outcome) {
		this.smtpSends.get(outcome).record(took.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Records one audience stage, from start to the last batch handed out.
	 * @param took how long it took
	 */
	public void fanOut(Duration took) {
		this.fanOuts.record(took);
	}

	/** Counts a bounce report received. */
	public void bounce() {
		this.bounces.increment();
	}

	/** Counts a complaint (a feedback-loop report) received. */
	public void complaint() {
		this.complaints.increment();
	}

	/**
	 * The indexes the ledger's gauges count with: partial, holding only the deliveries
	 * deferred or dead-lettered, a few among the millions the ledger keeps for months.
	 * Without them MongoDB would read the whole ledger twice every interval.
	 * @return the index definitions
	 */
	static List<Index> ledgerCountIndexes() {
		return List.of(
				new Index().on("status", Sort.Direction.ASC)
					.named("ledger_deferred")
					.partial(PartialIndexFilter
						.of(Criteria.where("status").is(WireFormat.name(DeliveryStatus.DEFERRED)))),
				new Index().on("status", Sort.Direction.ASC)
					.on("detail", Sort.Direction.ASC)
					.named("ledger_dead_lettered")
					.partial(PartialIndexFilter
						.of(Criteria.where("status").is(WireFormat.name(DeliveryStatus.DEAD_LETTERED)))));
	}

	@Scheduled(initialDelayString = "${alert.dispatch.metrics.ledger-interval:30s}",
			fixedDelayString = "${alert.dispatch.metrics.ledger-interval:30s}")
	void countLedger() {
		try {
			this.retriesPending.set(
					this.mongo.count(Query.query(Criteria.where("status").is(WireFormat.name(DeliveryStatus.DEFERRED))),
							Document.class, LEDGER));
			this.inDoubt.set(this.mongo.count(Query.query(Criteria.where("status")
				.is(WireFormat.name(DeliveryStatus.DEAD_LETTERED))
				.and("detail")
				.regex("^in doubt")), Document.class, LEDGER));
		}
		catch (RuntimeException ex) {
			logger.debug("Could not count the delivery ledger; the gauges keep their last values", ex);
		}
	}

}
