package org.solidarityalerts.ingest.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.service.MongoAway;
import org.solidarityalerts.service.ProblemDetails;
import org.solidarityalerts.service.RequestErrors;

import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * What the servlet container forwards to {@code /error} (a refusal by Tomcat, such as
 * TRACE, or an exception that escaped everything else) is answered as a problem detail,
 * like every other refusal, without the exception's class or message. An exception that
 * says MongoDB cannot be reached is a 503 with {@code Retry-After}, not a 500: the
 * request can be made again in a moment ({@link RequestErrors} sends such a failure of a
 * handler or a filter here as a 503; one from outside it arrives as the exception). A
 * browser's request gets a page instead where an {@link ErrorViewResolver} has one for
 * its address (the console's pages, the public archive); the rest of the service has
 * none, and answers it as a problem detail too.
 */
@Controller
@Hidden
class ProblemErrorController implements ErrorController {

	static final String DATABASE_AWAY = "The service cannot reach its database right now, so the request may not "
			+ "have been carried out. Try again in a minute; an alert posted again with the same Idempotency-Key is "
			+ "stored once.";

	private final List<ErrorViewResolver> pages;

	ProblemErrorController(List<ErrorViewResolver> pages) {
		this.pages = pages;
	}

	@RequestMapping(path = "${server.error.path:/error}", produces = MediaType.TEXT_HTML_VALUE)
	@Nullable ModelAndView page(HttpServletRequest request, HttpServletResponse response) throws IOException {
		HttpStatus status = status(request);
		for (ErrorViewResolver resolver : this.pages) {
			ModelAndView page = resolver.resolveErrorView(request, status, Map.of("status", status.value()));
			if (page != null) {
				if (status == HttpStatus.SERVICE_UNAVAILABLE) {
					RequestErrors.retryAfter(response);
				}
				page.setStatus(status);
				return page;
			}
		}
		ProblemDetails.write(response, Objects.requireNonNull(problem(status, response).getBody()));
		return null;
	}

	@RequestMapping(path = "${server.error.path:/error}", produces = MediaType.ALL_VALUE)
	ResponseEntity<ProblemDetail> error(HttpServletRequest request, HttpServletResponse response) {
		return problem(status(request), response);
	}

	/**
	 * The status to answer: the container's, or 503 for a failure that says MongoDB
	 * cannot be reached.
	 */
	private static HttpStatus status(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value && HttpStatus.resolve(value) != null)
				? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
		if (!status.isError()) {
			return HttpStatus.NOT_FOUND;
		}
		if (status == HttpStatus.INTERNAL_SERVER_ERROR
				&& request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
				&& MongoAway.in(failure)) {
			// Temporary, and the client may say so to its user and try again.
			return HttpStatus.SERVICE_UNAVAILABLE;
		}
		return status;
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, HttpServletResponse response) {
		if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			RequestErrors.retryAfter(response);
			return ResponseEntity.status(status)
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(ProblemDetails.of(status, status.getReasonPhrase(), DATABASE_AWAY));
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
			case 415 -> "The API reads JSON: send the body with Content-Type: application/json. Nothing was stored.";
			case 431 -> "The request's headers are too large.";
			case 500 -> "Something went wrong on our side; nothing may have been stored. Try again later.";
			default -> "The request could not be answered.";
		};
	}

}
