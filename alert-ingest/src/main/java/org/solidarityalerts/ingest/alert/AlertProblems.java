package org.solidarityalerts.ingest.alert;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Refusals of the alerts API as RFC 9457 problem details, each naming the fields at
 * fault.
 */
@RestControllerAdvice(assignableTypes = { AlertController.class, CampaignController.class })
class AlertProblems {

	@ExceptionHandler
	ProblemDetail invalid(InvalidAlertException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				ex.problems().size() + " field(s) are not valid; nothing was stored.");
		problem.setTitle("Invalid alert");
		List<InvalidAlertException.FieldProblem> errors = ex.problems();
		problem.setProperty("errors", errors);
		return problem;
	}

	@ExceptionHandler
	ProblemDetail notFound(AlertNotFoundException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle("Alert not found");
		return problem;
	}

	@ExceptionHandler
	ProblemDetail conflict(AlertConflictException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle(ex.title());
		problem.setProperty("currentVersion", ex.currentVersion());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail keyReused(IdempotencyKeyReusedException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
		problem.setTitle("Idempotency-Key already used");
		problem.setProperty("errors",
				List.of(new InvalidAlertException.FieldProblem(IdempotentPosts.HEADER, "was used with another body")));
		return problem;
	}

	@ExceptionHandler
	ProblemDetail inProgress(IdempotentRequestInProgressException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle("Request in progress");
		return problem;
	}

}
