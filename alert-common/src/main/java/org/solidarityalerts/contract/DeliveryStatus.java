package org.solidarityalerts.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The outcome of one delivery attempt to one subscriber.
 */
public enum DeliveryStatus {

	/** The receiving server accepted the message. */
	@JsonProperty("sent")
	SENT,

	/** The server said "later" (4xx) or the connection broke: it will be retried. */
	@JsonProperty("deferred")
	DEFERRED,

	/** The server refused it for good (5xx), or retries ran out. */
	@JsonProperty("failed")
	FAILED,

	/**
	 * Set aside for an operator: retries ran out, or dispatch stopped while the message
	 * was in the SMTP server's hands (in doubt, so not resent on its own). An operator
	 * can re-drive it from the dead-letter topic.
	 */
	@JsonProperty("dead-lettered")
	DEAD_LETTERED,

	/** The address is on the suppression list (bounced, complained, unsubscribed). */
	@JsonProperty("suppressed")
	SUPPRESSED,

	/**
	 * Not sent by design: already received, expired, cancelled, or no longer subscribed.
	 */
	@JsonProperty("skipped")
	SKIPPED

}
