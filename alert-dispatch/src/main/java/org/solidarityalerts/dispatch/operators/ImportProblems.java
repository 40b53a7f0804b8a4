package org.solidarityalerts.dispatch.operators;

import org.solidarityalerts.service.ProblemDetails;

import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Refusals of the list import as RFC 9457 problem details; none repeats what was sent.
 */
@RestControllerAdvice(assignableTypes = ImportApi.class)
class ImportProblems {

	@ExceptionHandler
	ProblemDetail importRefused(ImportRefusedException ex) {
		return ProblemDetails.of(ex.status(), ex.title(), ex.getMessage());
	}

}
