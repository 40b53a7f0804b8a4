package org.solidarityalerts.dispatch.subscriber;

/**
 * Where a subscriber stands. Only confirmed subscribers receive alerts.
 */
public enum SubscriberStatus {

	/** Signed up, not yet confirmed: receives nothing but the confirmation e-mail. */
	PENDING,

	/** Confirmed by the double opt-in link. */
	CONFIRMED,

	/** Left: receives nothing. */
	UNSUBSCRIBED,

	/** The address bounced hard or complained: receives nothing. */
	SUPPRESSED

}
