package org.solidarityalerts.dispatch.signup;

import org.solidarityalerts.dispatch.subscription.InvalidInputException;

import org.solidarityalerts.service.ProblemDetails;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Refusals of the sign-up API as RFC 9457 problem details; none repeats what was sent.
 */
@RestControllerAdvice(assignableTypes = SubscriptionApi.class)
class SignUpProblems {

	@ExceptionHandler
	ProblemDetail invalid(InvalidInputException ex) {
		ProblemDetail problem = ProblemDetails.of(HttpStatus.BAD_REQUEST, "Invalid sign-up",
				ex.problems().size() + " field(s) are not valid; nothing was stored.");
		problem.setProperty("errors", ex.problems());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail refused(SignUpRefusedException ex) {
		if (ex.tooMany()) {
			ProblemDetail problem = ProblemDetails.of(HttpStatus.TOO_MANY_REQUESTS, "Too many sign-ups",
					"Too many sign-ups came from this client; try again in a few minutes.");
			return problem;
		}
		ProblemDetail problem = ProblemDetails.of(HttpStatus.SERVICE_UNAVAILABLE, "Busy",
				"Too many sign-ups are waiting; try again in a few minutes.");
		return problem;
	}

}
