package org.solidarityalerts.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoField;
import java.time.temporal.Temporal;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API reads JSON strictly: a value of the wrong JSON type is refused, never coerced
 * ({@code "kind": 1} is not the enum's second constant, {@code 1e999} is not the text
 * "1e999", a number is not a date, a string is not a number); a string with an unpaired
 * surrogate is not Unicode and is refused; a date beyond the years 0001 to 9999 cannot be
 * stored and is refused where it is read, naming its field; an object that names a field
 * twice is refused (readers disagree on which of the two counts). A service imports it
 * for the JSON its API reads.
 */
@Configuration(proxyBeanMethods = false)
public class StrictJson {

	/**
	 * The first instant the API accepts: storable as a BSON date and sortable as ISO
	 * text.
	 */
	public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

	/** The last instant the API accepts. */
	public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

	@Bean
	JsonMapperBuilderCustomizer strictJsonReading() {
		return StrictJson::configure;
	}

	/**
	 * Makes a JSON mapper read strictly.
	 * @param builder the builder of the mapper
	 */
	public static void configure(JsonMapper.Builder builder) {
		builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
			.withCoercionConfig(LogicalType.Textual,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Enum,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Integer,
					(config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Float,
					(config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Boolean,
					(config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.DateTime,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
			.addModule(new SimpleModule("strict-values").setDeserializerModifier(new StrictValues()));
	}

	/**
	 * Wraps the deserializers of strings and dates with the checks that Jackson's own
	 * coercion settings do not make.
	 */
	private static final class StrictValues extends ValueDeserializerModifier {

		@Override
		public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config,
				BeanDescription.Supplier description, ValueDeserializer<?> deserializer) {
			Class<?> type = description.getBeanClass();
			if (type == String.class) {
				return new StrictString(deserializer);
			}
			if (Temporal.class.isAssignableFrom(type)) {
				return new StrictDate(deserializer, type);
			}
			return deserializer;
		}

	}

	/** A string: only from a JSON string, and only well-formed Unicode. */
	private static final class StrictString extends DelegatingDeserializer {

		StrictString(ValueDeserializer<?> delegatee) {
			super(delegatee);
		}

		@Override
		protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegatee) {
			return new StrictString(delegatee);
		}

		@Override
		public Object deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
			if (!parser.hasToken(JsonToken.VALUE_STRING) && !parser.hasToken(JsonToken.START_OBJECT)
					&& !parser.hasToken(JsonToken.START_ARRAY)) {
				// Objects and arrays fail in the delegate with their own, clearer,
				// reason.
				throw new StrictValueException(parser, "must be a string, not " + shape(parser.currentToken()),
						String.class);
			}
			Object value = super.deserialize(parser, context);
			if (value instanceof String text) {
				int unpaired = unpairedSurrogate(text);
				if (unpaired >= 0) {
					throw new StrictValueException(parser,
							"is not valid Unicode: it holds an unpaired surrogate (U+"
									+ Integer.toHexString(text.charAt(unpaired)).toUpperCase() + ") at character "
									+ (text.codePointCount(0, unpaired) + 1),
							String.class);
				}
			}
			return value;
		}

	}

	/** A date: only from an ISO 8601 string, within the years 0001 to 9999. */
	private static final class StrictDate extends DelegatingDeserializer {

		private final Class<?> type;

		StrictDate(ValueDeserializer<?> delegatee, Class<?> type) {
			super(delegatee);
			this.type = type;
		}

		@Override
		protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegatee) {
			return new StrictDate(delegatee, this.type);
		}

		@Override
		public Object deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
			if (!parser.hasToken(JsonToken.VALUE_STRING)) {
				throw new StrictValueException(parser, "must be a date and time in ISO 8601 with its offset, "
						+ "such as 2026-11-25T09:00:00Z, not " + shape(parser.currentToken()), this.type);
			}
			Object value = super.deserialize(parser, context);
			if (!inRange(value)) {
				throw new StrictValueException(parser,
						"must be between the years 0001 and 9999, such as 2026-11-25T09:00:00Z", this.type);
			}
			return value;
		}

	}

	/**
	 * Whether a date lies within the years the API stores.
	 * @param value a date read from a request
	 * @return whether it is within the years 0001 to 9999 (true for what is not a date)
	 */
	public static boolean inRange(@Nullable Object value) {
		return switch (value) {
			case Instant instant -> !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
			case OffsetDateTime dateTime -> inRange(dateTime.toInstant());
			case ZonedDateTime dateTime -> inRange(dateTime.toInstant());
			case LocalDateTime dateTime -> dateTime.getYear() >= 1 && dateTime.getYear() <= 9999;
			case LocalDate date -> date.getYear() >= 1 && date.getYear() <= 9999;
			case Temporal temporal when temporal.isSupported(ChronoField.YEAR) ->
				temporal.get(ChronoField.YEAR) >= 1 && temporal.get(ChronoField.YEAR) <= 9999;
			case null, default -> true;
		};
	}

	/**
	 * Where an unpaired surrogate is in a text.
	 * @param text the text
	 * @return the index of the first unpaired surrogate, or -1 if there is none
	 */
	public static int unpairedSurrogate(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c)) {
				if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
					i++;
				}
				else {
					return i;
				}
			}
			else if (Character.isLowSurrogate(c)) {
				return i;
			}
		}
		return -1;
	}

	private static String shape(@Nullable JsonToken token) {
		if (token == null) {
			return "nothing";
		}
		return switch (token) {
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
			case VALUE_TRUE, VALUE_FALSE -> "true or false";
			case VALUE_NULL -> "null";
			case START_OBJECT -> "an object";
			case START_ARRAY -> "a list";
			default -> "this value";
		};
	}

	/**
	 * A value of the right JSON type that the API refuses anyway; its message is the
	 * reason given to the client, next to the field's path.
	 */
	public static final class StrictValueException extends MismatchedInputException {

		private final String reason;

		StrictValueException(JsonParser parser, String reason, Class<?> type) {
			super(parser, reason, type);
			this.reason = reason;
		}

		/**
		 * The reason given to the client.
		 * @return the reason, to follow the field's path
		 */
		public String reason() {
			return this.reason;
		}

	}

}
