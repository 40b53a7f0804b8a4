package org.solidarityalerts.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Where one urgent action's time went: ingest's API stored it and answered, ingest's
 * outbox relay put it on {@code alerts.urgent}, dispatch's audience stage put its first
 * recipient batch on {@code deliveries.urgent}, and dispatch's urgent sender sent it,
 * read from the API's answer and the records' timestamps on Kafka. Ingest's two figures
 * both run from the post: its outbox relay, woken when the alert is stored, may publish
 * before the answer reaches the client. From the post to {@code alerts.urgent}, on to
 * {@code deliveries.urgent} and on to the first e-mail adds up to the
 * post-to-first-e-mail time (to the millisecond of Kafka's timestamps); "n/a" where a
 * record was not found.
 *
 * @param alertId the urgent action's id
 * @param postedAfterAppeal how long after the fan-out's appeal it was posted
 * @param posted when it was posted
 * @param answered when the API answered (it stores the alert first)
 * @param onAlertTopic its record's timestamp on {@code alerts.urgent}, if found
 * @param onDeliveryTopic its first batch's timestamp on {@code deliveries.urgent}, if
 * found
 * @param firstEmail when its first e-mail reached the sink
 */
record UrgentPath(String alertId, Duration postedAfterAppeal, Instant posted, Instant answered,
		@Nullable Instant onAlertTopic, @Nullable Instant onDeliveryTopic, Instant firstEmail) {

	Duration latency() {
		return Duration.between(this.posted, this.firstEmail);
	}

	String toAnswer() {
		return between(this.posted, this.answered);
	}

	String toAlertTopic() {
		return between(this.posted, this.onAlertTopic);
	}

	String audienceStage() {
		return between(this.onAlertTopic, this.onDeliveryTopic);
	}

	String sending() {
		return between(this.onDeliveryTopic, this.firstEmail);
	}

	/**
	 * Where the time went, in words, for the log.
	 * @return the four figures in a sentence
	 */
	String stretches() {
		return String.format(Locale.ROOT,
				"ingest answered after %s and had it on alerts.urgent after %s; then dispatch's audience stage %s, "
						+ "dispatch's urgent sender and SMTP %s",
				toAnswer(), toAlertTopic(), audienceStage(), sending());
	}

	private static String between(@Nullable Instant from, @Nullable Instant to) {
		return (from != null && to != null) ? Duration.between(from, to).toMillis() + " ms" : "n/a";
	}

}
