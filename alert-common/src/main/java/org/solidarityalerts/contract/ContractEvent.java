package org.solidarityalerts.contract;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * What every event on the service's topics carries: its own id, the schema version of its
 * body, when it happened, and the alert it concerns.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(AlertEvent.AlertPublished.class), @JsonSubTypes.Type(AlertEvent.AlertUpdated.class),
		@JsonSubTypes.Type(AlertEvent.AlertCancelled.class),
		@JsonSubTypes.Type(DeliveryEvent.DeliveryBatchRequested.class),
		@JsonSubTypes.Type(DeliveryEvent.AudienceResolved.class),
		@JsonSubTypes.Type(DeliveryEvent.DeliveryRecorded.class),
		@JsonSubTypes.Type(DeliveryEvent.FanOutControlled.class) })
public sealed interface ContractEvent permits AlertEvent, DeliveryEvent {

	/** The schema version that this build writes and accepts. */
	int SCHEMA_VERSION = 1;

	EventId eventId();

	int schemaVersion();

	Instant occurredAt();

	AlertId alertId();

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
