package org.solidarityalerts.ingest.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.solidarityalerts.service.InvalidUtf8Exception;
import org.solidarityalerts.service.JsonProblems;
import org.solidarityalerts.service.JsonProblems.FieldError;
import org.solidarityalerts.service.ProblemDetails;
import org.solidarityalerts.service.RequestTooLargeException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.unit.DataSize;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
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
		RequestTooLargeException tooLarge = JsonProblems.cause(ex, RequestTooLargeException.class);
		if (tooLarge != null) {
			ProblemDetail problem = tooLarge(tooLarge.limit());
			return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
		}
		InvalidUtf8Exception notUtf8 = JsonProblems.cause(ex, InvalidUtf8Exception.class);
		FieldError error = JsonProblems.unreadable(ex);
		ProblemDetail problem = ProblemDetails.of(HttpStatus.BAD_REQUEST, "Unreadable request",
				(notUtf8 != null)
						? "The request body is not valid UTF-8: " + notUtf8.getMessage() + ". Nothing was stored."
						: "The request body could not be read: '" + error.field() + "' " + error.reason()
								+ ". Nothing was stored.");
		problem.setProperty("errors", List.of(error));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	/**
	 * A body that is not JSON (most often JSON sent without its {@code Content-Type},
	 * which clients then label a form) is told what to send, as the error page tells a
	 * form the firewall refused.
	 */
	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return handleExceptionInternal(ex, ProblemErrorController.problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE.value()),
				headers, status, request);
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
	 * A refusal of a browser's request outside the API (a console page that does not
	 * exist, a method it does not take) goes to the error page, which answers it with a
	 * page where the service has one for that address, and as a problem detail elsewhere.
	 */
	@Override
	protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
			HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
		if (request instanceof ServletWebRequest servlet
				&& servlet.getResponse() instanceof HttpServletResponse response && !response.isCommitted()
				&& forPeople(servlet.getRequest())) {
			headers.forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
			try {
				response.sendError(statusCode.value());
			}
			catch (IOException failure) {
				throw new UncheckedIOException(failure);
			}
			return null;
		}
		return super.handleExceptionInternal(ex, body, headers, statusCode, request);
	}

	/**
	 * Whether a request is a browser's outside the API, which the error page may answer
	 * with a page.
	 * @param request the request
	 * @return true if it is not under {@code /api/} and asks for HTML by name
	 */
	static boolean forPeople(HttpServletRequest request) {
		if (request.getRequestURI().startsWith("/api/")) {
			return false;
		}
		try {
			return MediaType.parseMediaTypes(Collections.list(request.getHeaders(HttpHeaders.ACCEPT)))
				.stream()
				.anyMatch((type) -> type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType());
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
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

}
