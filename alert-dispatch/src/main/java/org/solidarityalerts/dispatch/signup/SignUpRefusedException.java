package org.solidarityalerts.dispatch.signup;

import java.time.Duration;

import org.solidarityalerts.service.RetryAfter;

/**
 * A sign-up that cannot be taken now: the client has sent too many, or it could not be
 * stored (MongoDB did not take it). Says nothing about the address.
 */
class SignUpRefusedException extends RuntimeException {

	/** How long a client is asked to wait when a sign-up could not be stored. */
	static final Duration RETRY_AFTER = Duration.ofMinutes(2);

	private final boolean tooMany;

	private final Duration retryAfter;

	/**
	 * A sign-up that could not be stored.
	 */
	SignUpRefusedException() {
		super("The sign-up could not be stored");
		this.tooMany = false;
		this.retryAfter = RETRY_AFTER;
	}

	/**
	 * A sign-up from a client that sent too many.
	 * @param retryAfter when its network may sign up again
	 */
	SignUpRefusedException(Duration retryAfter) {
		super("Too many sign-ups from this client");
		this.tooMany = true;
		this.retryAfter = retryAfter;
	}

	/**
	 * Whether the client sent too many (else it could not be stored).
	 * @return true for 429, false for 503
	 */
	boolean tooMany() {
		return this.tooMany;
	}

	/**
	 * The {@code Retry-After} value.
	 * @return the seconds to wait
	 */
	String retryAfterSeconds() {
		return Long.toString(RetryAfter.seconds(this.retryAfter));
	}

}
