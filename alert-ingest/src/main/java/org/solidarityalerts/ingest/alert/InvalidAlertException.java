package org.solidarityalerts.ingest.alert;

import java.util.List;

/**
 * An alert that cannot be accepted, with every reason, each naming its field.
 */
public class InvalidAlertException extends RuntimeException {

	private final List<FieldProblem> problems;

	InvalidAlertException(List<FieldProblem> problems) {
		super("The alert is not valid: " + problems);
		this.problems = List.copyOf(problems);
	}

	public List<FieldProblem> problems() {
		return this.problems;
	}

	/**
	 * One reason an alert was refused.
	 *
	 * @param field the JSON path of the field, e.g. {@code actions[0].url}
	 * @param reason what is wrong with it
	 */
	public record FieldProblem(String field, String reason) {
	}

}
