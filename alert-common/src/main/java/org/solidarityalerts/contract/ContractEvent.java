package org.solidarityalerts.contract;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * What every event on the service's topics carries: its own id, the schema version of its
 * body, when it happened, and what it concerns (an alert, or a subscriber's mail).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(AlertEvent.AlertPublished.class), @JsonSubTypes.Type(AlertEvent.AlertUpdated.class),
		@JsonSubTypes.Type(AlertEvent.AlertCancelled.class),
		@JsonSubTypes.Type(DeliveryEvent.DeliveryBatchRequested.class),
		@JsonSubTypes.Type(DeliveryEvent.AudienceResolved.class),
		@JsonSubTypes.Type(DeliveryEvent.DeliveryRecorded.class),
		@JsonSubTypes.Type(DeliveryEvent.DeliveriesRecorded.class),
		@JsonSubTypes.Type(DeliveryEvent.FanOutControlled.class),
		@JsonSubTypes.Type(DeliveryEvent.ActionsReported.class),
		@JsonSubTypes.Type(MailEvent.ServiceMailRecorded.class), @JsonSubTypes.Type(MailEvent.FeedbackReceived.class) })
public sealed interface ContractEvent permits AlertEvent, DeliveryEvent, MailEvent {

	/**
	 * The schema version that this build writes. Version 2 made the texts of actions
	 * translatable and added targets' several numbers and addresses, copies on every
	 * action, residence countries, the deadline's time zone, events' doors-open time,
	 * change notes and follow-ups; see {@code docs/events.md}.
	 */
	int SCHEMA_VERSION = 2;

	/** The oldest schema version that this build still reads. */
	int OLDEST_READABLE_SCHEMA_VERSION = 1;

	/**
	 * Whether a consumer of this build takes an event of the given schema version: from
	 * the oldest it still reads (version 1's records, left on topics or stored in an
	 * outbox, read as version 2 with its additions absent) to the next one, so that
	 * producers may be upgraded before consumers without a record being dead-lettered on
	 * the way (see docs/operations.md).
	 * @param schemaVersion the version an event carries
	 * @return whether it is accepted
	 */
	static boolean accepts(int schemaVersion) {
		return schemaVersion >= OLDEST_READABLE_SCHEMA_VERSION && schemaVersion <= SCHEMA_VERSION + 1;
	}

	EventId eventId();

	int schemaVersion();

	Instant occurredAt();

	/**
	 * What the event is about, written as its CloudEvents subject: the alert's id for
	 * alert and delivery events, the subscriber's id for mail events.
	 * @return the subject
	 */
	String subject();

	/**
	 * The type id written on the wire, e.g. {@code alert.published}.
	 * @param eventClass an event record
	 * @return its type id
	 */
	static String typeOf(Class<? extends ContractEvent> eventClass) {
		JsonTypeName name = eventClass.getAnnotation(JsonTypeName.class);
		if (name == null) {
			throw new IllegalArgumentException(eventClass + " has no type id");
		}
		return name.value();
	}

	/**
	 * The type id written on the wire for this event.
	 * @return its type id
	 */
	default String type() {
		return typeOf(getClass());
	}

}
