package org.solidarityalerts.ingest.alert;

import java.util.List;

import org.solidarityalerts.service.ProblemDetails;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Refusals of the alerts API as RFC 9457 problem details, each naming the fields at
 * fault.
 */
@RestControllerAdvice(assignableTypes = { AlertController.class, CampaignController.class, PreviewController.class,
		ActionReportsController.class })
class AlertProblems {

	@ExceptionHandler
	ProblemDetail invalid(InvalidAlertException ex) {
		ProblemDetail problem = ProblemDetails.of(HttpStatus.BAD_REQUEST, "Invalid alert",
				ex.problems().size() + " field(s) are not valid; nothing was stored.");
		List<InvalidAlertException.FieldProblem> errors = ex.problems();
		problem.setProperty("errors", errors);
		return problem;
	}

	@ExceptionHandler
	ProblemDetail notFound(AlertNotFoundException ex) {
		return ProblemDetails.of(HttpStatus.NOT_FOUND, "Alert not found", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail conflict(AlertConflictException ex) {
		ProblemDetail problem = ProblemDetails.of(
				ex.preconditionFailed() ? HttpStatus.PRECONDITION_FAILED : HttpStatus.CONFLICT, ex.title(),
				ex.getMessage());
		problem.setProperty("currentVersion", ex.currentVersion());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail keyReused(IdempotencyKeyReusedException ex) {
		ProblemDetail problem = ProblemDetails.of(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key already used",
				ex.getMessage());
		problem.setProperty("errors",
				List.of(new InvalidAlertException.FieldProblem(IdempotentPosts.HEADER, "was used with another body")));
		return problem;
	}

	@ExceptionHandler
	ProblemDetail inProgress(IdempotentRequestInProgressException ex) {
		return ProblemDetails.of(HttpStatus.CONFLICT, "Request in progress", ex.getMessage());
	}

}
