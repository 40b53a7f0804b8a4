package org.solidarityalerts.testsupport;

import java.io.IOException;
import java.util.Arrays;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;

/**
 * Reading received messages in assertions.
 */
public final class Mails {

	private Mails() {
	}

	/**
	 * Whether a message's To header names an address.
	 * @param message a received message
	 * @param address an e-mail address
	 * @return true if addressed to it
	 */
	public static boolean isAddressedTo(MimeMessage message, String address) {
		try {
			jakarta.mail.Address[] to = message.getRecipients(Message.RecipientType.TO);
			return to != null && Arrays.stream(to)
				.anyMatch((recipient) -> ((InternetAddress) recipient).getAddress().equalsIgnoreCase(address));
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The message's subject.
	 * @param message a received message
	 * @return its decoded subject
	 */
	public static String subject(MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A header's first value.
	 * @param message a received message
	 * @param name the header's name
	 * @return its value, or null
	 */
	public static @Nullable String header(MimeMessage message, String name) {
		try {
			return message.getHeader(name, null);
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The message's plain-text part.
	 * @param message a received message
	 * @return its text
	 */
	public static String text(MimeMessage message) {
		return part(message, "text/plain");
	}

	/**
	 * The message's HTML part.
	 * @param message a received message
	 * @return its HTML
	 */
	public static String html(MimeMessage message) {
		return part(message, "text/html");
	}

	private static String part(MimeMessage message, String mimeType) {
		try {
			String found = find(message, mimeType);
			if (found == null) {
				throw new AssertionError("The message has no " + mimeType + " part");
			}
			return found;
		}
		catch (MessagingException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static @Nullable String find(Part part, String mimeType) throws MessagingException, IOException {
		if (part.isMimeType(mimeType)) {
			return (String) part.getContent();
		}
		if (part.isMimeType("multipart/*")) {
			Multipart multipart = (Multipart) part.getContent();
			for (int i = 0; i < multipart.getCount(); i++) {
				BodyPart bodyPart = multipart.getBodyPart(i);
				String found = find(bodyPart, mimeType);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

}
