package org.solidarityalerts.dispatch.mail;

import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.SubscriberId;

/**
 * Message-IDs that are the same for the same alert version and subscriber on every
 * attempt, so a retried message can be recognised as the same message.
 */
public final class MessageIds {

	private MessageIds() {
	}

	/**
	 * The Message-ID of one delivery.
	 * @param version the alert version
	 * @param subscriber the recipient's id
	 * @param domain the sending domain
	 * @return the Message-ID, with angle brackets
	 */
	public static String of(AlertVersion version, SubscriberId subscriber, String domain) {
		return "<" + version.alertId() + ".v" + version.version() + "." + subscriber + "@" + domain + ">";
	}

}
