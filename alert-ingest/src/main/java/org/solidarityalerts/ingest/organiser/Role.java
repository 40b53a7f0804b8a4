package org.solidarityalerts.ingest.organiser;

/**
 * What a key may do.
 */
public enum Role {

	/** Posts, corrects and cancels its own organisation's alerts. */
	ORGANISER,

	/** Runs the service: manages keys and sees every organisation's alerts. */
	OPERATOR;

	String authority() {
		return "ROLE_" + name();
	}

}
