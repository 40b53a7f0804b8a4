package org.solidarityalerts.contract;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identifies one subscriber. Events, logs and dead-letter headers carry this id, never an
 * e-mail address.
 *
 * @param value the subscriber's UUID
 */
public record SubscriberId(@JsonValue UUID value) {

	@JsonCreator
	public SubscriberId {
		java.util.Objects.requireNonNull(value, "value");
	}

	public static SubscriberId random() {
		return new SubscriberId(UUID.randomUUID());
	}

	public static SubscriberId parse(String text) {
		return new SubscriberId(UUID.fromString(text));
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
