package org.solidarityalerts.dispatch.subscription;

import java.util.List;

/**
 * Input that was refused, field by field. Its message never repeats the values.
 */
class InvalidInputException extends RuntimeException {

	private final List<FieldProblem> problems;

	InvalidInputException(List<FieldProblem> problems) {
		super(problems.size() + " field(s) are not valid");
		this.problems = List.copyOf(problems);
	}

	List<FieldProblem> problems() {
		return this.problems;
	}

}
