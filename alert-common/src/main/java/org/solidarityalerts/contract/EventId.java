package org.solidarityalerts.contract;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identifies one event; consumers use it to recognise a redelivered event.
 *
 * @param value the event's UUID
 */
public record EventId(@JsonValue UUID value) {

	@JsonCreator
	public EventId {
		java.util.Objects.requireNonNull(value, "value");
	}

	public static EventId random() {
		return new EventId(UUID.randomUUID());
	}

	public static EventId parse(String text) {
		return new EventId(UUID.fromString(text));
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
