package org.solidarityalerts.dispatch.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.jspecify.annotations.Nullable;

/**
 * A MIME message whose Message-ID is given, not generated when it is saved, and which
 * notes whether a transport began to write it out. An SMTP message, so that it can carry
 * its own envelope sender.
 */
class StableIdMimeMessage extends SMTPMessage {

	private final String messageId;

	private volatile boolean written;

	private final @Nullable Subject subject;

	/**
	 * The To recipients as last set, while no recipient header changed since: the SMTP
	 * sender asks for each message's recipients, and parsing the header back was 2.7 % of
	 * the sending threads' samples in the fan-out benchmark's profile.
	 */
	private Address @Nullable [] to;

	StableIdMimeMessage(Session session, String messageId) {
		super(session);
		this.messageId = messageId;
		this.subject = null;
	}

	/**
	 * A message whose content is already in the form it is sent in, as a message read
	 * from a mail store is: it is written out as it is, not encoded again.
	 * @param session the mail session
	 * @param messageId the Message-ID, with angle brackets
	 * @param headerLines header lines as Jakarta Mail wrote them, folded
	 * @param content the content, encoded as its headers say
	 * @param subject the subject among the header lines, decoded once for all the
	 * messages of a layout, or null
	 */
	StableIdMimeMessage(Session session, String messageId, List<String> headerLines, byte[] content,
			@Nullable Subject subject) {
		super(session);
		this.messageId = messageId;
		this.subject = subject;
		headerLines.forEach(this.headers::addHeaderLine);
		this.headers.setHeader("Message-ID", messageId);
		this.content = content;
		this.modified = false;
		this.saved = true;
	}

	/**
	 * The subject, decoded once per layout while the header is the layout's: the SMTP
	 * transport asks for it for every message it sends, and decoding the encoded words
	 * again each time cost a few per cent of dispatch's CPU in the benchmark's profile.
	 */
	@Override
	public @Nullable String getSubject() throws MessagingException {
		if (this.subject != null && this.subject.header().equals(getHeader("Subject", null))) {
			return this.subject.decoded();
		}
		return super.getSubject();
	}

	@Override
	public void setRecipients(Message.RecipientType type, Address @Nullable [] addresses) throws MessagingException {
		super.setRecipients(type, addresses);
		if (type == Message.RecipientType.TO && addresses != null && addresses.length > 0) {
			this.to = addresses.clone();
		}
	}

	@Override
	public Address @Nullable [] getAllRecipients() throws MessagingException {
		Address[] to = this.to;
		if (to != null && getHeader("Cc") == null && getHeader("Bcc") == null && getHeader("Newsgroups") == null) {
			return to.clone();
		}
		return super.getAllRecipients();
	}

	@Override
	public void setHeader(String name, String value) throws MessagingException {
		forgetRecipientsIf(name);
		super.setHeader(name, value);
	}

	@Override
	public void addHeader(String name, String value) throws MessagingException {
		forgetRecipientsIf(name);
		super.addHeader(name, value);
	}

	@Override
	public void removeHeader(String name) throws MessagingException {
		forgetRecipientsIf(name);
		super.removeHeader(name);
	}

	@Override
	public void addHeaderLine(String line) throws MessagingException {
		this.to = null;
		super.addHeaderLine(line);
	}

	private void forgetRecipientsIf(String header) {
		if (header.equalsIgnoreCase("To") || header.equalsIgnoreCase("Cc") || header.equalsIgnoreCase("Bcc")
				|| header.equalsIgnoreCase("Newsgroups")) {
			this.to = null;
		}
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

	/**
	 * A subject header and what it says, decoded.
	 *
	 * @param header the header's value, as written (encoded words and all)
	 * @param decoded the subject
	 */
	record Subject(String header, String decoded) {
	}

}
