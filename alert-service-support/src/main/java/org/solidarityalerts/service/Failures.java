package org.solidarityalerts.service;

/**
 * A failure described for the log without its messages: those of MongoDB's and the mail
 * server's errors, and a parser's, may quote an address or the record (a duplicate key, a
 * refused recipient, an unexpected token).
 */
public final class Failures {

	private Failures() {
	}

	/**
	 * A failure's classes, cause by cause, on one line.
	 * @param failure the failure
	 * @return for example {@code DuplicateKeyException, caused by MongoWriteException}
	 * with their packages
	 */
	public static String classes(Throwable failure) {
		StringBuilder text = new StringBuilder(failure.getClass().getName());
		for (Throwable cause = failure.getCause(); cause != null && cause != failure; cause = cause.getCause()) {
			text.append(", caused by ").append(cause.getClass().getName());
		}
		return text.toString();
	}

	/**
	 * A failure's classes, cause by cause, and where it was thrown.
	 * @param failure the failure
	 * @return its description, one frame a line after the first
	 */
	public static String withoutMessages(Throwable failure) {
		StringBuilder text = new StringBuilder(classes(failure));
		for (StackTraceElement frame : failure.getStackTrace()) {
			text.append(System.lineSeparator()).append("\tat ").append(frame);
		}
		return text.toString();
	}

}
