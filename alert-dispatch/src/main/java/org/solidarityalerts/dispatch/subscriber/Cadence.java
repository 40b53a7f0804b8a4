package org.solidarityalerts.dispatch.subscriber;

/**
 * How often a subscriber wants alerts other than urgent actions; urgent actions always go
 * out at once.
 */
public enum Cadence {

	/** Each alert as it is published. */
	IMMEDIATE,

	/** One digest a day. */
	DAILY,

	/** One digest a week. */
	WEEKLY

}
