package org.solidarityalerts.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Where one urgent action's time went, read from the records its path left on Kafka:
 * ingest's outbox relay put the alert on {@code alerts.urgent}, dispatch's audience stage
 * put its first recipient batch on {@code deliveries.urgent}, and dispatch's urgent
 * sender sent it. The stretches add up to its post-to-first-e-mail time (to the
 * millisecond of Kafka's timestamps).
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

	/**
	 * Where the time went, in words, for the log. Ingest's two figures both run from the
	 * post: its outbox relay, woken when the alert is stored, may publish it before the
	 * API's answer reaches the client.
	 * @return ingest's answer and its record on {@code alerts.urgent}, each from the
	 * post; then the audience stage's and the sender's stretches; "n/a" where a record
	 * was not found
	 */
	String stretches() {
		return String.format(Locale.ROOT,
				"ingest answered after %s and had it on alerts.urgent after %s; then dispatch's audience stage %s, "
						+ "dispatch's urgent sender and SMTP %s",
				between(this.posted, this.answered), between(this.posted, this.onAlertTopic),
				between(this.onAlertTopic, this.onDeliveryTopic), between(this.onDeliveryTopic, this.firstEmail));
	}

	/**
	 * One stretch, as the report shows it.
	 * @param from its start, if known
	 * @param to its end, if known
	 * @return milliseconds, or "n/a"
	 */
	static String between(@Nullable Instant from, @Nullable Instant to) {
		return (from != null && to != null) ? Duration.between(from, to).toMillis() + " ms" : "n/a";
	}

}
