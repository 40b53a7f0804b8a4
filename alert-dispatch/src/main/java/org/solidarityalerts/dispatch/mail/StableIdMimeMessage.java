package org.solidarityalerts.dispatch.mail;

import java.io.IOException;
import java.io.OutputStream;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A MIME message whose Message-ID is given, not generated when it is saved.
 */
class StableIdMimeMessage extends MimeMessage {

	private final String messageId;

	private volatile boolean written;

	StableIdMimeMessage(Session session, String messageId) {
		super(session);
		this.messageId = messageId;
	}

	@Override
	protected void updateMessageID() throws MessagingException {
		setHeader("Message-ID", this.messageId);
	}

	/**
	 * Notes that the transport began to write the message out, which it does only once
	 * the server has answered DATA with 354.
	 */
	@Override
	public void writeTo(OutputStream os, String[] ignoreList) throws IOException, MessagingException {
		this.written = true;
		super.writeTo(os, ignoreList);
	}

	/**
	 * Whether the message was written to a server, in part or in full.
	 * @return whether the server may have it
	 */
	boolean written() {
		return this.written;
	}

}
