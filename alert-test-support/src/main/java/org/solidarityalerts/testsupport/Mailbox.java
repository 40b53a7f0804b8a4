package org.solidarityalerts.testsupport;

import java.util.List;

import jakarta.mail.internet.MimeMessage;

/**
 * What the test SMTP server received, as parsed MIME messages, whichever server it is.
 */
public interface Mailbox {

	/**
	 * Every message received so far, oldest first.
	 * @return the messages
	 */
	List<MimeMessage> received();

	/**
	 * The messages received for one recipient address.
	 * @param address the envelope recipient
	 * @return the messages
	 */
	default List<MimeMessage> receivedBy(String address) {
		return received().stream().filter((message) -> Mails.isAddressedTo(message, address)).toList();
	}

	/**
	 * Forgets everything received so far.
	 */
	void clear();

}
