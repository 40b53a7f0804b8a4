package org.solidarityalerts.ingest.operations;

import java.util.HashMap;
import java.util.Map;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.jspecify.annotations.Nullable;

/**
 * Carries the trace of the API request that stored an event through the outbox: its W3C
 * {@code traceparent} is stored with the outbox entry and made current again while the
 * relay publishes it, so that the Kafka record, and dispatch's work on it down to the
 * SMTP send, belong to the organiser's request.
 */
public final class OutboxTracing {

	private static final String TRACEPARENT = "traceparent";

	private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(Map<String, String> carrier) {
			return carrier.keySet();
		}

		@Override
		public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
			return (carrier != null) ? carrier.get(key) : null;
		}

	};

	private OutboxTracing() {
	}

	/**
	 * The current trace context as a W3C {@code traceparent}.
	 * @return it, or null outside a trace
	 */
	public static @Nullable String current() {
		Map<String, String> carrier = new HashMap<>();
		W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
		return carrier.get(TRACEPARENT);
	}

	/**
	 * Runs something within the trace an outbox entry was stored in.
	 * @param traceparent the stored {@code traceparent}, or null
	 * @param action what to run
	 */
	public static void within(@Nullable String traceparent, Runnable action) {
		if (traceparent == null) {
			action.run();
			return;
		}
		Context stored = W3CTraceContextPropagator.getInstance()
			.extract(Context.root(), Map.of(TRACEPARENT, traceparent), GETTER);
		try (Scope scope = stored.makeCurrent()) {
			action.run();
		}
	}

}
