package org.solidarityalerts.dispatch.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.DeliveriesRecorded;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.dispatch.delivery.DeliveryLedger.Outcome;
import org.solidarityalerts.dispatch.operations.DispatchMetrics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes a batch's outcomes on {@code delivery.outcomes} as one record (a
 * {@code delivery.batch-recorded}, split only past {@link #ENTRIES_PER_RECORD}
 * recipients), not one per recipient: a record per message cost dispatch's sending
 * threads about a tenth of their CPU (serialising, headers, the producer's append), the
 * broker a record per message and its consumers a record each to read
 * (docs/benchmarks.md). They go through the application's producer without an observation
 * (a tracing span and a timer) per record, and stay in the batch's trace: its context is
 * injected into their headers. The caller waits for Kafka to take them before it is done
 * with its batch: a batch whose outcomes Kafka did not take is read again, and publishes
 * them again from the ledger.
 */
@Component
class OutcomePublisher {

	/**
	 * The most entries one record carries: a record stays well under Kafka's default
	 * largest request (1 MiB) whatever a batch's size and its replies' length.
	 */
	static final int ENTRIES_PER_RECORD = 500;

	private final KafkaTemplate<String, ContractEvent> kafka;

	private final DispatchProperties properties;

	private final Clock clock;

	private final DispatchMetrics metrics;

	private final ObjectProvider<Tracer> tracer;

	private final ObjectProvider<Propagator> propagator;

	OutcomePublisher(ProducerFactory<String, ContractEvent> producers, DispatchProperties properties, Clock clock,
			DispatchMetrics metrics, ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		// The same producer as the application's template (the factory shares one), with
		// observations off, as a template starts.
		this.kafka = new KafkaTemplate<>(producers);
		this.properties = properties;
		this.clock = clock;
		this.metrics = metrics;
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/**
	 * Publishes the outcomes of a batch in one record (more past
	 * {@link #ENTRIES_PER_RECORD}).
	 * @param version the alert version
	 * @param fresh the outcomes the batch has just decided, counted in dispatch's metrics
	 * @param again the outcomes the ledger already had, published again
	 * @param attempt the batch's attempt
	 * @return done when Kafka has taken every record, or failed with what it said
	 */
	CompletableFuture<Void> publish(AlertVersion version, List<Outcome> fresh, List<Outcome> again, int attempt) {
		for (Outcome outcome : fresh) {
			this.metrics.delivered(outcome.status().wire());
		}
		List<Outcome> outcomes = fresh;
		if (!again.isEmpty()) {
			outcomes = new ArrayList<>(fresh);
			outcomes.addAll(again);
		}
		if (outcomes.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		List<CompletableFuture<?>> sent = new ArrayList<>(1);
		Instant now = this.clock.instant();
		Map<String, byte[]> trace = traceHeaders();
		String key = version.alertId().toString();
		for (int from = 0; from < outcomes.size(); from += ENTRIES_PER_RECORD) {
			List<Outcome> part = outcomes.subList(from, Math.min(outcomes.size(), from + ENTRIES_PER_RECORD));
			List<DeliveriesRecorded.Outcome> entries = new ArrayList<>(part.size());
			for (Outcome outcome : part) {
				entries.add(new DeliveriesRecorded.Outcome(outcome.subscriber(), outcome.status().wire(),
						outcome.detail()));
			}
			DeliveriesRecorded recorded = new DeliveriesRecorded(EventId.random(), ContractEvent.SCHEMA_VERSION, now,
					version, attempt, entries);
			ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(Topics.DELIVERY_OUTCOMES, key,
					recorded);
			EventHeaders.write(record.headers(), recorded, this.properties.source());
			trace.forEach((name, value) -> record.headers().add(name, value));
			sent.add(this.kafka.send(record));
		}
		return (sent.size() == 1) ? sent.getFirst().thenApply((result) -> null)
				: CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
	}

	/**
	 * The current trace context as record headers (W3C {@code traceparent} and the like),
	 * or none outside a trace.
	 */
	private Map<String, byte[]> traceHeaders() {
		Tracer tracer = this.tracer.getIfAvailable();
		Propagator propagator = this.propagator.getIfAvailable();
		TraceContext context = (tracer != null) ? tracer.currentTraceContext().context() : null;
		if (propagator == null || context == null) {
			return Map.of();
		}
		Map<String, byte[]> headers = new LinkedHashMap<>();
		propagator.inject(context, headers,
				(carrier, name, value) -> carrier.put(name, value.getBytes(StandardCharsets.UTF_8)));
		return headers;
	}

}
