package org.solidarityalerts.dispatch.mail;

import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.SubscriberId;

/**
 * What the SMTP server said about one message.
 *
 * @param subscriber the recipient's id
 * @param status sent, deferred (4xx or a broken connection), failed (5xx), or
 * dead-lettered when the message is in doubt (see {@link #inDoubt()})
 * @param code the SMTP reply code, or 0 if the connection failed before a reply
 * @param detail the server's reply text, without addresses
 */
public record SendOutcome(SubscriberId subscriber, DeliveryStatus status, int code, String detail) {

	/**
	 * Whether the message is in doubt: the connection failed after the server had
	 * accepted DATA, so it may have the message and sending it again could deliver it
	 * twice. The SMTP sender dead-letters a message for no other reason.
	 * @return whether it is in doubt
	 */
	public boolean inDoubt() {
		return this.status == DeliveryStatus.DEAD_LETTERED;
	}

}
