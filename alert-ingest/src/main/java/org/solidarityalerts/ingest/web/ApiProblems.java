package org.solidarityalerts.ingest.web;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeName;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.service.ProblemDetails;
import org.solidarityalerts.service.RequestTooLargeException;
import org.jspecify.annotations.Nullable;
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

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Refusals that every endpoint shares, as RFC 9457 problem details: a body that is not
 * JSON, or JSON that does not fit (each naming the field by its JSON path, as Jackson
 * reports it, and saying what was expected), and a body that is too large.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		InvalidUtf8Exception notUtf8 = cause(ex, InvalidUtf8Exception.class);
		if (notUtf8 != null) {
			ProblemDetail problem = ProblemDetails.of(HttpStatus.BAD_REQUEST, "Unreadable request",
					"The request body is not valid UTF-8: " + notUtf8.getMessage() + ". Nothing was stored.");
			problem.setProperty("errors", List.of(new FieldError("body", "must be valid UTF-8")));
			return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
		}
		RequestTooLargeException tooLarge = cause(ex, RequestTooLargeException.class);
		if (tooLarge != null) {
			ProblemDetail problem = tooLarge(tooLarge.limit());
			return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
		}
		FieldError error = (ex.getCause() instanceof JacksonException jackson) ? describe(jackson)
				: new FieldError("body", "is required: a JSON document");
		ProblemDetail problem = ProblemDetails.of(HttpStatus.BAD_REQUEST, "Unreadable request",
				"The request body could not be read: '" + error.field() + "' " + error.reason()
						+ ". Nothing was stored.");
		problem.setProperty("errors", List.of(error));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex.getPropertyName() != null) ? ex.getPropertyName() : "parameter";
		FieldError error = new FieldError(name,
				"is not a valid " + ((ex.getRequiredType() != null) ? ex.getRequiredType().getSimpleName() : "value"));
		ProblemDetail problem = ProblemDetails.of(HttpStatus.BAD_REQUEST, "Invalid parameter",
				"'" + error.field() + "' " + error.reason() + ".");
		problem.setProperty("errors", List.of(error));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	/**
	 * The problem detail of a request body larger than the limit, whether it said so
	 * ({@link org.solidarityalerts.service.RequestSizeLimit}) or was found so while read.
	 * @param limit the largest body accepted
	 * @return the problem detail
	 */
	static ProblemDetail tooLarge(DataSize limit) {
		ProblemDetail problem = ProblemDetails.of(HttpStatus.CONTENT_TOO_LARGE, "Request too large",
				"The request body is larger than the limit of " + limit.toKilobytes() + " KB; nothing was stored.");
		problem.setProperty("maxBytes", limit.toBytes());
		return problem;
	}

	static FieldError describe(JacksonException ex) {
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
			case StreamReadException malformed -> new FieldError(orBody(path),
					"is not well-formed JSON"
							+ ((malformed.getLocation() != null) ? " (line " + malformed.getLocation().getLineNr()
									+ ", column " + malformed.getLocation().getColumnNr() + ")" : "")
							+ ": " + firstLine(malformed.getOriginalMessage()));
			default -> new FieldError(orBody(path), "could not be read: " + firstLine(ex.getOriginalMessage()));
		};
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
	 * The JSON path of the field at fault, written as the API's own problems write it,
	 * such as {@code actions[0].url} or {@code content.en.title}.
	 */
	static String path(JacksonException ex) {
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

	private static <T extends Throwable> @Nullable T cause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	/**
	 * One reason a request was refused.
	 *
	 * @param field the JSON path of the field, or the parameter's name
	 * @param reason what is wrong with it
	 */
	record FieldError(String field, String reason) {
	}

}
