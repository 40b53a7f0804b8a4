package org.solidarityalerts.contract;

import java.nio.charset.StandardCharsets;
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

	/**
	 * The id of one part of this event (an entry of a batch read as an event of its own):
	 * the same for the same event and place, distinct for distinct ones.
	 * @param index the part's place in the event, from 0
	 * @return a name-based UUID of this id and the place
	 */
	public EventId part(int index) {
		return new EventId(UUID.nameUUIDFromBytes((this.value + "/" + index).getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * The id of an event derived from this one under a name: the same for the same event
	 * and name, distinct for distinct ones.
	 * @param name what the derived event is, within this one
	 * @return a name-based UUID of this id and the name
	 */
	public EventId named(String name) {
		return new EventId(UUID.nameUUIDFromBytes((this.value + "#" + name).getBytes(StandardCharsets.UTF_8)));
	}

	public static EventId parse(String text) {
		return new EventId(UUID.fromString(text));
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
