package org.solidarityalerts.dispatch.signup;

import java.util.List;

import org.solidarityalerts.dispatch.subscription.FieldProblem;
import org.solidarityalerts.dispatch.subscription.InvalidInputException;
import org.solidarityalerts.service.JsonProblems;
import org.solidarityalerts.service.ProblemDetails;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Refusals of the sign-up API as RFC 9457 problem details; none repeats what was sent.
 * Ahead of the services' general problem details, which would not name the field.
 */
@RestControllerAdvice(assignableTypes = SubscriptionApi.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class SignUpProblems {

	@ExceptionHandler
	ProblemDetail invalid(InvalidInputException ex) {
		ProblemDetail problem = ProblemDetails.of(HttpStatus.BAD_REQUEST, "Invalid sign-up",
				ex.problems().size() + " field(s) are not valid; nothing was stored.");
		problem.setProperty("errors", ex.problems());
		return problem;
	}

	/**
	 * A body that is not UTF-8, not JSON, or JSON of the wrong shape (a number for the
	 * address, a word for the consent, a field named twice): the field at fault and what
	 * was expected, as for any other invalid sign-up.
	 * @param ex the failure to read the body
	 * @return the problem detail
	 */
	@ExceptionHandler
	ProblemDetail unreadable(HttpMessageNotReadableException ex) {
		JsonProblems.FieldError error = JsonProblems.unreadable(ex);
		String reason = error.reason();
		return invalid(new InvalidInputException(List
			.of(new FieldProblem(error.field(), Character.toUpperCase(reason.charAt(0)) + reason.substring(1) + "."))));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> refused(SignUpRefusedException ex) {
		if (ex.tooMany()) {
			ProblemDetail problem = ProblemDetails.of(HttpStatus.TOO_MANY_REQUESTS, "Too many sign-ups",
					"Too many sign-ups came from this client; try again in a few minutes.");
			return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
				.header(HttpHeaders.RETRY_AFTER, ex.retryAfterSeconds())
				.body(problem);
		}
		// The sign-up could not be stored (MongoDB did not take it).
		ProblemDetail problem = ProblemDetails.of(HttpStatus.SERVICE_UNAVAILABLE, "Sign-ups unavailable",
				"The sign-up could not be stored right now; nothing was stored. Try again in a few minutes.");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, ex.retryAfterSeconds())
			.body(problem);
	}

}
