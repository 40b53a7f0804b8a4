package org.solidarityalerts.service;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The Kafka error handler of the services' read models (ingest's views for organisers,
 * the dashboard's board). A record a read model cannot apply is logged and skipped after
 * a few quick tries: they are views, and dispatch already dead-letters what it cannot
 * read. While MongoDB cannot be reached, though, nothing is skipped: the record is tried
 * again, less and less often, for up to {@link #WHILE_MONGODB_IS_AWAY}. The read models
 * apply each event once however often it is read, so trying again is safe.
 */
public final class ReadModelErrors {

	/** How long a record is tried again while MongoDB cannot be reached. */
	public static final Duration WHILE_MONGODB_IS_AWAY = Duration.ofMinutes(15);

	private static final Logger logger = LoggerFactory.getLogger(ReadModelErrors.class);

	private ReadModelErrors() {
	}

	/**
	 * The error handler of a read model's listeners.
	 * @param reader who reads, for the log line of a skipped record (e.g. {@code ingest})
	 * @return the handler
	 */
	public static DefaultErrorHandler handler(String reader) {
		DefaultErrorHandler handler = new DefaultErrorHandler(skipping(reader), new FixedBackOff(500, 3));
		handler.setBackOffFunction((record, ex) -> backOff(ex));
		return handler;
	}

	/**
	 * Skips a record, in one line that names it and the failure's classes: not its
	 * messages, which may quote the record (a parser's), and not a stack trace per
	 * record, which a burst of poison would turn into a flood.
	 * @param reader who reads
	 * @return the recoverer
	 */
	static ConsumerRecordRecoverer skipping(String reader) {
		return (record, ex) -> logger.warn("Skipped record {}-{}@{} that {} cannot use: {}", record.topic(),
				record.partition(), record.offset(), reader, Failures.classes(ex));
	}

	/**
	 * How a failure is tried again, if not as other failures are.
	 * @param failure what the listener threw
	 * @return the back-off while MongoDB is away, or null for the handler's own (three
	 * quick tries)
	 */
	static @Nullable BackOff backOff(Exception failure) {
		if (!MongoAway.in(failure)) {
			return null;
		}
		ExponentialBackOff backOff = new ExponentialBackOff(500, 2);
		backOff.setMaxInterval(Duration.ofSeconds(30).toMillis());
		backOff.setMaxElapsedTime(WHILE_MONGODB_IS_AWAY.toMillis());
		return backOff;
	}

}
