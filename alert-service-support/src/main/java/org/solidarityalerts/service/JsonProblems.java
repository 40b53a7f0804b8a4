package org.solidarityalerts.service;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeName;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.WireFormat;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * What was wrong with a JSON request body that could not be read, named by the field's
 * JSON path as Jackson reports it (such as {@code actions[0].url}) with what was
 * expected, for the services' problem details: a body that is not UTF-8
 * ({@link StrictUtf8Filter}), not JSON, or JSON that does not fit ({@link StrictJson}).
 * Never repeats the value that was sent.
 */
public final class JsonProblems {

	/** How Jackson's reader says an object gave a field twice. */
	private static final Pattern DUPLICATE = Pattern.compile("^Duplicate Object property \"([^\"]*)\"");

	private JsonProblems() {
	}

	/**
	 * Says what was wrong with a request body that could not be read.
	 * @param ex the failure to read it
	 * @return the field at fault ({@code body} for the whole) and the reason
	 */
	public static FieldError unreadable(HttpMessageNotReadableException ex) {
		if (cause(ex, InvalidUtf8Exception.class) != null) {
			return new FieldError("body", "must be valid UTF-8");
		}
		return (ex.getCause() instanceof JacksonException jackson) ? describe(jackson)
				: new FieldError("body", "is required: a JSON document");
	}

	/**
	 * Finds a cause of a given type.
	 * @param <T> the type
	 * @param ex the failure
	 * @param type the type
	 * @return the failure or its first cause of that type, if any
	 */
	public static <T extends Throwable> @Nullable T cause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	/**
	 * Says which field of a JSON request body is at fault, and why.
	 * @param ex what the JSON reader threw
	 * @return the field's path and the reason
	 */
	public static FieldError describe(JacksonException ex) {
		String path = path(ex);
		return switch (ex) {
			case StrictJson.StrictValueException strict -> new FieldError(orBody(path), strict.reason());
			case StreamConstraintsException limit -> new FieldError(orBody(path), "goes beyond what the API reads: "
					+ firstLine(limit.getOriginalMessage()).replaceAll(",?\\s*from\\s*`[^`]*`", ""));
			case UnrecognizedPropertyException unknown -> new FieldError(path, "is not a known field");
			case InvalidTypeIdException typeId -> new FieldError(path.isEmpty() ? "type" : path + ".type",
					((typeId.getTypeId() == null) ? "is required" : "'" + typeId.getTypeId() + "' is not known")
							+ ": one of " + subtypes(typeId.getBaseType().getRawClass()));
			case InvalidFormatException format ->
				new FieldError(orBody(path), "must be " + expected(format.getTargetType()));
			case MismatchedInputException mismatch -> new FieldError(orBody(path), mismatch(mismatch));
			case ValueInstantiationException instantiation -> new FieldError(orBody(path), "is not valid"
					+ ((instantiation.getCause() != null && instantiation.getCause().getMessage() != null)
							? ": " + instantiation.getCause().getMessage() : ": it must not contain null values"));
			case StreamReadException duplicate when duplicateName(duplicate) != null ->
				new FieldError(named(path, duplicateName(duplicate)),
						"is given more than once: send each field once (readers disagree on which would count)");
			case StreamReadException malformed -> new FieldError(orBody(path),
					"is not well-formed JSON"
							+ ((malformed.getLocation() != null) ? " (line " + malformed.getLocation().getLineNr()
									+ ", column " + malformed.getLocation().getColumnNr() + ")" : "")
							+ ": " + firstLine(malformed.getOriginalMessage()));
			default -> new FieldError(orBody(path), "could not be read: " + firstLine(ex.getOriginalMessage()));
		};
	}

	/**
	 * The name of the field an object gave twice, if that is what the reader refused.
	 */
	private static @Nullable String duplicateName(StreamReadException ex) {
		Matcher matcher = DUPLICATE.matcher(Objects.toString(ex.getOriginalMessage(), ""));
		return matcher.find() ? matcher.group(1) : null;
	}

	private static String named(String path, @Nullable String name) {
		if (name == null || path.equals(name) || path.endsWith("." + name)) {
			return orBody(path);
		}
		return path.isEmpty() ? name : path + "." + name;
	}

	private static String mismatch(MismatchedInputException ex) {
		Class<?> target = ex.getTargetType();
		String reason = "must be " + expected(target);
		if (ex.getCurrentToken() == JsonToken.START_OBJECT && target != null && !isStructured(target)) {
			reason += ", not an object (query operators such as {\"$ne\": null} are not values)";
		}
		else if (ex.getCurrentToken() == JsonToken.START_ARRAY && target != null
				&& !java.util.Collection.class.isAssignableFrom(target)) {
			reason += ", not a list";
		}
		return reason;
	}

	private static boolean isStructured(Class<?> type) {
		return Map.class.isAssignableFrom(type) || type.isRecord() || type.isInterface()
				|| java.util.Collection.class.isAssignableFrom(type);
	}

	private static String expected(@Nullable Class<?> type) {
		if (type == null) {
			return "a valid value";
		}
		if (type.isEnum()) {
			return "one of " + Arrays.stream(type.getEnumConstants())
				.map((constant) -> WireFormat.name((Enum<?>) constant))
				.collect(Collectors.joining(", "));
		}
		if (type == String.class) {
			return "a string";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
			return "a number";
		}
		if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
			return "a date and time in ISO 8601 with its offset, such as 2026-11-25T09:00:00Z";
		}
		if (java.util.Collection.class.isAssignableFrom(type)) {
			return "a list";
		}
		return "an object";
	}

	private static String subtypes(Class<?> base) {
		JsonSubTypes subtypes = base.getAnnotation(JsonSubTypes.class);
		if (subtypes == null) {
			return "a known type";
		}
		return Arrays.stream(subtypes.value()).map((subtype) -> {
			JsonTypeName name = subtype.value().getAnnotation(JsonTypeName.class);
			return (name != null) ? name.value() : subtype.name();
		}).collect(Collectors.joining(", "));
	}

	/**
	 * The JSON path of the field at fault, written as the APIs' own problems write it,
	 * such as {@code actions[0].url} or {@code content.en.title}.
	 */
	private static String path(JacksonException ex) {
		if (ex.getPath().isEmpty() && ex.processor() instanceof JsonParser parser) {
			// Not well-formed: the parser knows where it was.
			return pointerPath(parser.streamReadContext().pathAsPointer().toString());
		}
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String pointerPath(String pointer) {
		StringBuilder path = new StringBuilder();
		for (String segment : pointer.split("/")) {
			if (segment.isEmpty()) {
				continue;
			}
			if (segment.chars().allMatch(Character::isDigit)) {
				path.append('[').append(segment).append(']');
			}
			else {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(segment.replace("~1", "/").replace("~0", "~"));
			}
		}
		return path.toString();
	}

	private static String orBody(String path) {
		return path.isEmpty() ? "body" : path;
	}

	private static String firstLine(@Nullable String message) {
		if (message == null) {
			return "unexpected content";
		}
		String line = message.lines().findFirst().orElse(message);
		return (line.length() > 200) ? line.substring(0, 200) + "…" : line;
	}

	/**
	 * One reason a request was refused.
	 *
	 * @param field the JSON path of the field, or the parameter's name
	 * @param reason what is wrong with it
	 */
	public record FieldError(String field, String reason) {
	}

}
