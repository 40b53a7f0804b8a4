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
	 * The message's recipients, read from its headers: read once per message sent, as
	 * each reading parses the headers again.
	 * @return the recipients, none if they cannot be read
	 */
	Address[] recipients() {
		try {
			Address[] recipients = this.message.getAllRecipients();
			return (recipients != null) ? recipients : new Address[0];
		}
		catch (MessagingException ex) {
			return new Address[0];
		}
	}

	/**
	 * Whether a recipient's mailbox name is not ASCII, so the message needs a relay that
	 * offers SMTPUTF8.
	 * @param recipients the message's {@link #recipients()}
	 * @return true if it does
	 */
	static boolean internationalMailbox(Address[] recipients) {
		for (Address recipient : recipients) {
			if (recipient instanceof InternetAddress address && Mailboxes.international(address.getAddress())) {
				return true;
			}
		}
		return false;
	}

}
