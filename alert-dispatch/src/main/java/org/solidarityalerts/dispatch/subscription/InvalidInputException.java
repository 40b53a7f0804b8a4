package org.solidarityalerts.dispatch.subscription;

import java.util.List;

/**
 * Input that was refused, field by field. Its message never repeats the values.
 */
public class InvalidInputException extends RuntimeException {

	private final List<FieldProblem> problems;

	public InvalidInputException(List<FieldProblem> problems) {
		super(problems.size() + " field(s) are not valid");
		this.problems = List.copyOf(problems);
	}

	public List<FieldProblem> problems() {
		return this.problems;
	}

}
