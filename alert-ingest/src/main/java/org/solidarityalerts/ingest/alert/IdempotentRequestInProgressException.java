package org.solidarityalerts.ingest.alert;

/**
 * A request with the same {@code Idempotency-Key} is still being processed.
 */
class IdempotentRequestInProgressException extends RuntimeException {

	IdempotentRequestInProgressException(String key) {
		super("A request with the Idempotency-Key '" + key
				+ "' is still being processed; retry in a moment to get its result.");
	}

}
