package org.solidarityalerts.dispatch.mail;

import java.util.Properties;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message's recipients, as the SMTP sender reads them for the envelope: kept as set,
 * and the same as its headers say however they change.
 */
class StableIdMimeMessageTests {

	private final Session session = Session.getInstance(new Properties());

	@Test
	void theRecipientsAreThoseItsHeadersSayHoweverTheyAreSet() throws Exception {
		StableIdMimeMessage message = new StableIdMimeMessage(this.session, "<1@example.org>");
		assertThat(message.getAllRecipients()).isNull();

		InternetAddress nasrin = new InternetAddress("nasrin@example.org", "Nasrin Sotoudeh");
		message.setRecipient(Message.RecipientType.TO, nasrin);
		message.setHeader("List-Unsubscribe", "<https://a.test/unsubscribe/1>");
		assertThat(addresses(message)).containsExactly("nasrin@example.org").isEqualTo(parsed(message));
		assertThat(message.getAllRecipients()[0]).as("kept as set, not parsed again").isSameAs(nasrin);

		message.setHeader("To", "dana@example.org");
		assertThat(addresses(message)).containsExactly("dana@example.org").isEqualTo(parsed(message));

		message.setRecipient(Message.RecipientType.TO, new InternetAddress("ayla@example.org"));
		message.addRecipient(Message.RecipientType.CC, new InternetAddress("copy@example.org"));
		assertThat(addresses(message)).containsExactly("ayla@example.org", "copy@example.org")
			.isEqualTo(parsed(message));

		message.removeHeader("Cc");
		message.addHeader("To", "second@example.org");
		assertThat(addresses(message)).containsExactly("ayla@example.org", "second@example.org")
			.isEqualTo(parsed(message));

		message.setRecipients(Message.RecipientType.TO, new Address[0]);
		assertThat(message.getAllRecipients()).isNull();
	}

	@Test
	void aRecipientAlreadyCopiedIsKeptWhenTheToHeaderIsSet() throws Exception {
		StableIdMimeMessage message = new StableIdMimeMessage(this.session, "<2@example.org>");
		message.setRecipient(Message.RecipientType.BCC, new InternetAddress("blind@example.org"));
		message.setRecipient(Message.RecipientType.TO, new InternetAddress("reader@example.org"));

		assertThat(addresses(message)).containsExactly("reader@example.org", "blind@example.org")
			.isEqualTo(parsed(message));
	}

	private static String[] addresses(MimeMessage message) throws Exception {
		Address[] recipients = message.getAllRecipients();
		String[] addresses = new String[recipients.length];
		for (int i = 0; i < recipients.length; i++) {
			addresses[i] = ((InternetAddress) recipients[i]).getAddress();
		}
		return addresses;
	}

	/** The recipients as a plain message with the same headers reads them. */
	private String[] parsed(MimeMessage message) throws Exception {
		MimeMessage plain = new MimeMessage(this.session);
		for (String header : new String[] { "To", "Cc", "Bcc" }) {
			String value = message.getHeader(header, ",");
			if (value != null) {
				plain.setHeader(header, value);
			}
		}
		return addresses(plain);
	}

}
