package org.solidarityalerts.contract;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identifies one alert across all its versions.
 *
 * @param value the alert's UUID
 */
public record AlertId(@JsonValue UUID value) {

	@JsonCreator
	public AlertId {
		java.util.Objects.requireNonNull(value, "value");
	}

	public static AlertId random() {
		return new AlertId(UUID.randomUUID());
	}

	public static AlertId parse(String text) {
		return new AlertId(UUID.fromString(text));
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
