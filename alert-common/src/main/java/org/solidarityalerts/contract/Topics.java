package org.solidarityalerts.contract;

import java.time.Duration;
import java.util.List;

/**
 * The service's Kafka topics. Urgent actions have topics of their own, so that they never
 * queue behind a backlog of appeals, news and events.
 */
public final class Topics {

	/** Urgent actions, keyed by alert id. */
	public static final String ALERTS_URGENT = "alerts.urgent";

	/** Appeals, news and events, keyed by alert id. */
	public static final String ALERTS_STANDARD = "alerts.standard";

	/** Recipient batches of urgent actions, keyed by alert version and batch number. */
	public static final String DELIVERIES_URGENT = "deliveries.urgent";

	/** Recipient batches of every other kind, keyed by alert version and batch number. */
	public static final String DELIVERIES_BULK = "deliveries.bulk";

	/**
	 * Delivery batches due now: operators' re-drives and any retry without a delay tier;
	 * keyed like the delivery topics. Retries that wait go to the tier of their delay
	 * ({@link #deliveryRetryTier(Duration)}); the dead-letter topic of this topic takes
	 * the dead letters of every tier.
	 */
	public static final String DELIVERY_RETRIES = "deliveries.retry";

	/**
	 * Prefixed to a delay to name the retry topic of that delay, a "tier": every record
	 * on a tier is due its delay after it was published, so each partition is in due
	 * order and a record that is not due yet never holds back one that is.
	 */
	public static final String DELIVERY_RETRY_TIER_PREFIX = DELIVERY_RETRIES + ".";

	/** Audience sizes and per-delivery outcomes, keyed by alert id, for the dashboard. */
	public static final String DELIVERY_OUTCOMES = "delivery.outcomes";

	/**
	 * Operators' pause, resume and cancel of a fan-out, from the dashboard to dispatch;
	 * keyed by alert id.
	 */
	public static final String FANOUT_CONTROL = "fanout.control";

	/**
	 * Service mails' outcomes and receivers' reports (bounces, complaints, unsubscribes
	 * by mail), keyed by subscriber id, for the dashboard.
	 */
	public static final String MAIL_EVENTS = "mail.events";

	/**
	 * How many readers reported each action of an alert ("I did this"), keyed by alert
	 * id, for the organisers' API and the dashboard; never who.
	 */
	public static final String ACTION_REPORTS = "action.reports";

	/** Appended to a topic's name to name its dead-letter topic. */
	public static final String DEAD_LETTER_SUFFIX = ".dlt";

	/** Every topic, with what it carries. */
	public static final List<TopicSpec> ALL = List.of(
			new TopicSpec(ALERTS_URGENT, 3, "alert id",
					"Urgent actions: published, updated and cancelled, in order per alert.", AlertEvent.class, true),
			new TopicSpec(ALERTS_STANDARD, 3, "alert id",
					"Appeals, news and events: published, updated and cancelled, in order per alert.", AlertEvent.class,
					true),
			new TopicSpec(DELIVERIES_URGENT, 6, "alert version and batch number",
					"Batches of recipients of urgent actions, shared by every dispatch instance.", DeliveryEvent.class,
					true),
			new TopicSpec(DELIVERIES_BULK, 6, "alert version and batch number",
					"Batches of recipients of all other alerts, shared by every dispatch instance.",
					DeliveryEvent.class, true),
			new TopicSpec(DELIVERY_RETRIES, 3, "alert version and batch number",
					"Delivery batches due now (operators' re-drives). Deferred recipients, and those whose claim "
							+ "another instance holds, wait on the topic of their delay (deliveries.retry.30s, "
							+ "deliveries.retry.2m, ...: one per delay of dispatch's retry schedule, as many partitions), "
							+ "each batch with the earliest time to try again; after the last attempt they go to this "
							+ "topic's dead-letter topic, from which an operator can re-drive them.",
					DeliveryEvent.class, true),
			new TopicSpec(DELIVERY_OUTCOMES, 3, "alert id",
					"Audience sizes and the outcome of every delivery, by subscriber id.", DeliveryEvent.class, false),
			new TopicSpec(FANOUT_CONTROL, 1, "alert id",
					"Operators' pause, resume and cancel of a fan-out, from the dashboard; dispatch obeys them.",
					DeliveryEvent.class, true),
			new TopicSpec(MAIL_EVENTS, 3, "subscriber id",
					"Outcomes of the service's own mails (sign-up confirmations) and what receiving systems reported "
							+ "back (bounces, complaints, unsubscribes by mail), by subscriber id.",
					MailEvent.class, false),
			new TopicSpec(ACTION_REPORTS, 3, "alert id",
					"How many readers said they took each action of an alert (the \"I did this\" link of its "
							+ "e-mails): the latest total per action, never who.",
					DeliveryEvent.class, true));

	private Topics() {
	}

	/**
	 * The specification of a topic.
	 * @param name a topic's name, one of {@link #ALL}
	 * @return its specification
	 * @throws IllegalArgumentException if the contract has no such topic
	 */
	public static TopicSpec spec(String name) {
		return ALL.stream()
			.filter((topic) -> topic.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No topic " + name + " in the contract"));
	}

	/**
	 * The topic that carries alerts of a kind.
	 * @param kind the alert's kind
	 * @return the urgent or the standard alert topic
	 */
	public static String alertsFor(AlertKind kind) {
		return kind.urgent() ? ALERTS_URGENT : ALERTS_STANDARD;
	}

	/**
	 * The topic that carries recipient batches of alerts of a kind.
	 * @param kind the alert's kind
	 * @return the urgent or the bulk delivery topic
	 */
	public static String deliveriesFor(AlertKind kind) {
		return kind.urgent() ? DELIVERIES_URGENT : DELIVERIES_BULK;
	}

	/**
	 * The retry topic of a delay, e.g. {@code deliveries.retry.30s},
	 * {@code deliveries.retry.2m}, {@code deliveries.retry.1h}: the delay in the largest
	 * whole unit of hours, minutes, seconds or milliseconds. Dispatch creates one per
	 * delay of its retry schedule, with as many partitions as {@link #DELIVERY_RETRIES}.
	 * @param delay the tier's delay, positive
	 * @return the tier topic's name
	 */
	public static String deliveryRetryTier(Duration delay) {
		if (delay.isNegative() || delay.isZero()) {
			throw new IllegalArgumentException("A retry tier needs a positive delay, not " + delay);
		}
		long millis = delay.toMillis();
		String suffix;
		if (millis % 3_600_000 == 0) {
			suffix = (millis / 3_600_000) + "h";
		}
		else if (millis % 60_000 == 0) {
			suffix = (millis / 60_000) + "m";
		}
		else if (millis % 1000 == 0) {
			suffix = (millis / 1000) + "s";
		}
		else {
			suffix = millis + "ms";
		}
		return DELIVERY_RETRY_TIER_PREFIX + suffix;
	}

	/**
	 * The dead-letter topic of a topic; it has as many partitions as the topic.
	 * @param topic a topic's name
	 * @return the name of its dead-letter topic
	 */
	public static String deadLetterOf(String topic) {
		return topic + DEAD_LETTER_SUFFIX;
	}

	/**
	 * A topic of the service.
	 *
	 * @param name the topic's name
	 * @param partitions its default number of partitions
	 * @param key what its record keys are
	 * @param purpose what it carries
	 * @param events the family of events it carries
	 * @param deadLetters whether the service consumes it with a dead-letter topic of as
	 * many partitions (topics only the dashboard reads have none)
	 */
	public record TopicSpec(String name, int partitions, String key, String purpose,
			Class<? extends ContractEvent> events, boolean deadLetters) {
	}

}
