package org.solidarityalerts.contract;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * The metadata every record carries in Kafka headers, after the CloudEvents Kafka
 * protocol binding (binary content mode), so that a plain Kafka client can route and
 * filter without parsing bodies. Values are UTF-8 strings.
 */
public final class EventHeaders {

	/** CloudEvents spec version, always {@code 1.0}. */
	public static final String SPEC_VERSION = "ce_specversion";

	/** The event's id (a UUID). */
	public static final String ID = "ce_id";

	/** The producing service, e.g. {@code /alert-ingest}. */
	public static final String SOURCE = "ce_source";

	/** The type id, e.g. {@code alert.published}. */
	public static final String TYPE = "ce_type";

	/** When the event happened, RFC 3339. */
	public static final String TIME = "ce_time";

	/**
	 * What the event concerns: the alert's id on alert and delivery events, the
	 * subscriber's id on mail events.
	 */
	public static final String SUBJECT = "ce_subject";

	/**
	 * The alert version the event concerns, e.g. {@code 2}; absent on mail events that
	 * name no alert.
	 */
	public static final String ALERT_VERSION = "ce_alertversion";

	/** The alert's kind, e.g. {@code urgent-action}, on alert events. */
	public static final String ALERT_KIND = "ce_alertkind";

	/** The schema version of the body. */
	public static final String SCHEMA_VERSION = "ce_schemaversion";

	/** The body's media type. */
	public static final String CONTENT_TYPE = "content-type";

	private EventHeaders() {
	}

	/**
	 * Writes the contract's headers for an event.
	 * @param headers the record's headers
	 * @param event the event the record carries
	 * @param source the producing service, e.g. {@code /alert-ingest}
	 */
	public static void write(Headers headers, ContractEvent event, String source) {
		put(headers, SPEC_VERSION, "1.0");
		put(headers, ID, event.eventId().toString());
		put(headers, SOURCE, source);
		put(headers, TYPE, event.type());
		put(headers, TIME, DateTimeFormatter.ISO_INSTANT.format(event.occurredAt()));
		put(headers, SUBJECT, event.subject());
		put(headers, SCHEMA_VERSION, Integer.toString(event.schemaVersion()));
		put(headers, CONTENT_TYPE, "application/json");
		switch (event) {
			case AlertEvent alertEvent -> {
				put(headers, ALERT_VERSION, Integer.toString(alertEvent.alert().version()));
				put(headers, ALERT_KIND, WireFormat.name(alertEvent.alert().kind()));
			}
			case DeliveryEvent deliveryEvent ->
				put(headers, ALERT_VERSION, Integer.toString(deliveryEvent.alertVersion().version()));
			case MailEvent.FeedbackReceived feedback when feedback.alertVersion() != null ->
				put(headers, ALERT_VERSION, Integer.toString(feedback.alertVersion().version()));
			case MailEvent mailEvent -> headers.remove(ALERT_VERSION);
		}
	}

	/**
	 * Reads a header as text.
	 * @param headers a record's headers
	 * @param name the header's name
	 * @return its last value, or null if absent
	 */
	public static @Nullable String read(Headers headers, String name) {
		Header header = headers.lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static void put(Headers headers, String name, String value) {
		headers.remove(name);
		headers.add(name, value.getBytes(StandardCharsets.UTF_8));
	}

}
