package org.solidarityalerts.dispatch.messaging;

/**
 * A record that no retry can fix (an unknown type or schema version, an event on the
 * wrong topic, an alert that does not exist): it goes to the dead-letter topic on its
 * first attempt. Its message must never hold an e-mail address, since it is written into
 * the dead letter's headers.
 */
public class PoisonRecordException extends RuntimeException {

	public PoisonRecordException(String message) {
		super(message);
	}

}
