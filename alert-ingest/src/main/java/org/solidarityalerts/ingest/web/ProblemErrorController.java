package org.solidarityalerts.ingest.web;

import java.time.Duration;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.solidarityalerts.service.MongoAway;
import org.solidarityalerts.service.ProblemDetails;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the servlet container forwards to {@code /error} (a refusal by Tomcat, such as
 * TRACE, or an exception that escaped everything else) is answered as a problem detail,
 * like every other refusal, without the exception's class or message. An exception that
 * says MongoDB cannot be reached is a 503 with {@code Retry-After}, not a 500: the
 * request can be made again in a moment.
 */
@RestController
@Hidden
class ProblemErrorController implements ErrorController {

	/** How long a client is asked to wait while the database cannot be reached. */
	static final Duration RETRY_AFTER = Duration.ofSeconds(30);

	static final String DATABASE_AWAY = "The service cannot reach its database right now, so the request may not "
			+ "have been carried out. Try again in a minute; an alert posted again with the same Idempotency-Key is "
			+ "stored once.";

	@RequestMapping(path = "${server.error.path:/error}", produces = MediaType.ALL_VALUE)
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value && HttpStatus.resolve(value) != null)
				? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
		if (!status.isError()) {
			status = HttpStatus.NOT_FOUND;
		}
		if (status == HttpStatus.INTERNAL_SERVER_ERROR
				&& request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
				&& MongoAway.in(failure)) {
			// Temporary, and the client may say so to its user and try again.
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()))
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(ProblemDetails.of(HttpStatus.SERVICE_UNAVAILABLE,
						HttpStatus.SERVICE_UNAVAILABLE.getReasonPhrase(), DATABASE_AWAY));
		}
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem(status.value()));
	}

	/**
	 * The problem detail for a status the container or a filter answers on its own.
	 * @param status the status code
	 * @return the problem detail, with a detail in plain words
	 */
	static ProblemDetail problem(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		return ProblemDetails.of(HttpStatusCode.valueOf(status), (known != null) ? known.getReasonPhrase() : "Error",
				detail(status));
	}

	private static String detail(int status) {
		return switch (status) {
			case 400 -> "The request is not well-formed HTTP (its path, a header or its size); nothing was stored.";
			case 404 -> "There is nothing at this address. The API is under /api/v1.";
			case 405 -> "This method is not allowed here.";
			case 413 -> "The request is too large; nothing was stored.";
			case 414 -> "The request's address is too long.";
			case 431 -> "The request's headers are too large.";
			case 500 -> "Something went wrong on our side; nothing may have been stored. Try again later.";
			case 503 -> "The service is not available right now. Try again later.";
			default -> "The request could not be answered.";
		};
	}

}
