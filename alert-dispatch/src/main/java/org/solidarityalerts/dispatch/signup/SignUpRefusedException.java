package org.solidarityalerts.dispatch.signup;

/**
 * A sign-up that cannot be taken now: the client has sent too many, or the service is too
 * busy. Says nothing about the address.
 */
class SignUpRefusedException extends RuntimeException {

	private final boolean tooMany;

	SignUpRefusedException(boolean tooMany) {
		super(tooMany ? "Too many sign-ups from this client" : "Too many sign-ups waiting");
		this.tooMany = tooMany;
	}

	/**
	 * Whether the client sent too many (else the service is busy).
	 * @return true for 429, false for 503
	 */
	boolean tooMany() {
		return this.tooMany;
	}

}
