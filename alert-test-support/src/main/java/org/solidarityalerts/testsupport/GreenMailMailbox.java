package org.solidarityalerts.testsupport;

import java.util.List;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;

/**
 * The messages an in-process GreenMail server received.
 */
class GreenMailMailbox implements Mailbox {

	private final GreenMail greenMail;

	GreenMailMailbox(GreenMail greenMail) {
		this.greenMail = greenMail;
	}

	@Override
	public List<MimeMessage> received() {
		return List.of(this.greenMail.getReceivedMessages());
	}

	@Override
	public void clear() {
		try {
			this.greenMail.purgeEmailFromAllMailboxes();
		}
		catch (FolderException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
