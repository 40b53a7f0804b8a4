package org.solidarityalerts.ingest.alert;

/**
 * An {@code Idempotency-Key} was used again with a different request body.
 */
class IdempotencyKeyReusedException extends RuntimeException {

	IdempotencyKeyReusedException(String key) {
		super("The Idempotency-Key '" + key
				+ "' was already used with a different request; use a new key for a new alert. Nothing was stored.");
	}

}
