package org.solidarityalerts.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * How events are written on the wire: JSON with type ids, ISO-8601 times, absent values
 * left out, unknown properties ignored (so that a newer producer's additions do not break
 * an older consumer).
 */
public final class WireFormat {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		// Schema version 1 wrote one e-mail, phone and language where version 2 has
		// lists.
		.enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
		.build();

	private WireFormat() {
	}

	/**
	 * The JSON mapper that reads and writes the contract's events.
	 * @return a shared, immutable mapper
	 */
	public static JsonMapper jsonMapper() {
		return MAPPER;
	}

	/**
	 * The wire name of an enum constant, as given by its {@link JsonProperty}.
	 * @param constant an enum constant of the contract
	 * @return its wire name
	 */
	public static String name(Enum<?> constant) {
		try {
			JsonProperty property = constant.getDeclaringClass()
				.getField(constant.name())
				.getAnnotation(JsonProperty.class);
			return (property != null) ? property.value() : constant.name();
		}
		catch (NoSuchFieldException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
