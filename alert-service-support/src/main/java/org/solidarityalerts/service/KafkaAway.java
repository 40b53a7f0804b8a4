package org.solidarityalerts.service;

import org.apache.kafka.common.errors.RetriableException;
import org.jspecify.annotations.Nullable;

/**
 * Whether a listener's failure says that Kafka cannot take its records yet (brokers down,
 * a partition without a leader or without enough in-sync replicas, a send that timed out)
 * rather than that its record is bad: a listener that publishes what it consumed is then
 * tried again until Kafka takes it, instead of being dead-lettered after a few attempts,
 * which would leave its work undone until an operator re-drove it.
 */
public final class KafkaAway {

	private KafkaAway() {
	}

	/**
	 * Whether an error the Kafka producer itself retries (its retriable errors, a timeout
	 * among them) is anywhere in a failure's causes, as a send's future or the listener
	 * container wraps it.
	 * @param failure what the listener threw, as the error handler receives it
	 * @return whether trying again later may succeed
	 */
	public static boolean in(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RetriableException) {
				return true;
			}
		}
		return false;
	}

}
