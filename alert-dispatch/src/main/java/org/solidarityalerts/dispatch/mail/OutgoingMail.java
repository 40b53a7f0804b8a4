package org.solidarityalerts.dispatch.mail;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.solidarityalerts.contract.SubscriberId;

/**
 * A rendered message for one subscriber.
 *
 * @param subscriber the recipient's id
 * @param message the message, addressed
 */
public record OutgoingMail(SubscriberId subscriber, MimeMessage message) {

	/**
	 * Whether a recipient's mailbox name is not ASCII, so the message needs a relay that
	 * offers SMTPUTF8.
	 * @return true if it does
	 */
	boolean internationalMailbox() {
		try {
			Address[] recipients = this.message.getAllRecipients();
			if (recipients == null) {
				return false;
			}
			for (Address recipient : recipients) {
				if (recipient instanceof InternetAddress address && Mailboxes.international(address.getAddress())) {
					return true;
				}
			}
			return false;
		}
		catch (MessagingException ex) {
			return false;
		}
	}

}
