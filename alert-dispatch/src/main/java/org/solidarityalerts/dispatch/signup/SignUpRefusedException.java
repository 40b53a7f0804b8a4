package org.solidarityalerts.dispatch.signup;

import java.time.Duration;

/**
 * A sign-up that cannot be taken now: the client has sent too many, or it could not be
 * stored (MongoDB did not take it). Says nothing about the address.
 */
class SignUpRefusedException extends RuntimeException {

	/** How long a client is asked to wait when a sign-up could not be stored. */
	static final Duration RETRY_AFTER = Duration.ofMinutes(2);

	private final boolean tooMany;

	SignUpRefusedException(boolean tooMany) {
		super(tooMany ? "Too many sign-ups from this client" : "The sign-up could not be stored");
		this.tooMany = tooMany;
	}

	/**
	 * Whether the client sent too many (else it could not be stored).
	 * @return true for 429, false for 503
	 */
	boolean tooMany() {
		return this.tooMany;
	}

}
