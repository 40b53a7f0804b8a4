package org.solidarityalerts.dispatch.mail;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.PreencodedMimeBodyPart;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.dispatch.subscriber.Recipient;

/**
 * Writes the jakarta.mail messages: the headers all copies of a list message share
 * (List-Id, List-Unsubscribe-Post), each subscriber's own (their address, their
 * unsubscribe links, the envelope sender that names them), a Message-ID that is the same
 * on every attempt, and the bodies as plain text and HTML. Knows nothing of what the
 * bodies say.
 */
final class MimeWriter {

	private final SmtpSender sender;

	private final SubscriberLinks links;

	private final ReturnPaths returnPaths;

	private final DispatchProperties properties;

	MimeWriter(SmtpSender sender, SubscriberLinks links, ReturnPaths returnPaths, DispatchProperties properties) {
		this.sender = sender;
		this.links = links;
		this.returnPaths = returnPaths;
		this.properties = properties;
	}

	/**
	 * One subscriber's copy of an alert version's message: the layout's message with its
	 * bodies and a Message-ID that is the same on every attempt, addressed to them.
	 */
	StableIdMimeMessage alert(LayoutMessage layout, AlertSnapshot alert, Recipient recipient, Slots.Body text,
			Slots.Body html, String unsubscribeUrl) {
		String messageId = MessageIds.of(alert.alertVersion(), recipient.id(), this.properties.mail().listId());
		StableIdMimeMessage message = layout.fill(this.sender.session(), messageId, text, html);
		try {
			address(message, recipient, unsubscribeUrl);
		}
		catch (MessagingException | UnsupportedEncodingException ex) {
			throw new IllegalStateException("Could not write message " + messageId, ex);
		}
		return message;
	}

	/**
	 * A subscriber's digest, whose Message-ID is made of the digest's id.
	 */
	MimeMessage digest(Recipient recipient, String subject, String language, String unsubscribeUrl, String digest,
			Instant sentAt, String text, String html) {
		String messageId = "<digest." + digest.replace(':', '.') + "@" + this.properties.mail().listId() + ">";
		return message(recipient, subject, language, unsubscribeUrl, messageId, "digest", sentAt,
				alternative(text, html));
	}

	/**
	 * The message all subscribers of one layout of an alert version share, written once,
	 * with markers for the bodies.
	 */
	LayoutMessage layout(AlertEvent event, String subject, String language) {
		AlertSnapshot alert = event.alert();
		try {
			MimeMessage message = new MimeMessage(this.sender.session());
			// A cancellation is dated when it happened, not when the alert was
			// published.
			Instant date = (event instanceof AlertEvent.AlertCancelled) ? event.occurredAt() : alert.publishAt();
			listHeaders(message, subject, language, alert.campaign().id(), date);
			message.setContent(encodedAlternative(LayoutMessage.TEXT, LayoutMessage.HTML));
			message.saveChanges();
			// Each subscriber's message has its own.
			message.removeHeader("Message-ID");
			return LayoutMessage.of(message);
		}
		catch (MessagingException | UnsupportedEncodingException ex) {
			throw new IllegalStateException("Could not write the message of alert " + alert.alertVersion(), ex);
		}
	}

	private MimeMessage message(Recipient recipient, String subject, String language, String unsubscribeUrl,
			String messageId, String list, Instant sentAt, MimeMultipart body) {
		try {
			StableIdMimeMessage message = new StableIdMimeMessage(this.sender.session(), messageId);
			listHeaders(message, subject, language, list, sentAt);
			address(message, recipient, unsubscribeUrl);
			message.setContent(body);
			message.saveChanges();
			return message;
		}
		catch (MessagingException | UnsupportedEncodingException ex) {
			throw new IllegalStateException("Could not write message " + messageId, ex);
		}
	}

	/**
	 * Sets the headers that all subscribers' copies of a message share.
	 */
	private void listHeaders(MimeMessage message, String subject, String language, String list, Instant sentAt)
			throws MessagingException, UnsupportedEncodingException {
		DispatchProperties.Mail sender = this.properties.mail();
		message.setFrom(new InternetAddress(sender.from(), sender.fromName(), StandardCharsets.UTF_8.name()));
		message.setSubject(subject, StandardCharsets.UTF_8.name());
		message.setSentDate(Date.from(sentAt));
		message.setHeader("Content-Language", language);
		message.setHeader("List-Id", "\"" + sender.fromName() + "\" <" + list + "." + sender.listId() + ">");
		message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
	}

	/**
	 * Sets the headers that are one subscriber's own: their address and their unsubscribe
	 * links; and the envelope sender that names them, to which bounces return with the
	 * headers of the message.
	 */
	private void address(StableIdMimeMessage message, Recipient recipient, String unsubscribeUrl)
			throws MessagingException, UnsupportedEncodingException {
		message.setEnvelopeFrom(this.returnPaths.of(recipient.id()));
		message.setReturnOption(SMTPMessage.RETURN_HDRS);
		message.setRecipient(Message.RecipientType.TO, Mailboxes.address(recipient.email(), recipient.name()));
		message.setHeader("List-Unsubscribe",
				"<" + unsubscribeUrl + ">, <" + this.links.unsubscribeMailto(recipient.id()) + ">");
	}

	/**
	 * Marks an alert's message as a test: its subject, {@code X-Alert-Test: true}, no
	 * list headers, and an envelope sender that names the address, not a subscriber.
	 */
	void markAsTest(MimeMessage message, String subject, String email) throws MessagingException {
		message.setSubject(subject, StandardCharsets.UTF_8.name());
		message.setHeader("X-Alert-Test", "true");
		message.setHeader("Auto-Submitted", "auto-generated");
		message.removeHeader("List-Unsubscribe");
		message.removeHeader("List-Unsubscribe-Post");
		message.removeHeader("List-Id");
		if (message instanceof StableIdMimeMessage stable) {
			stable.setEnvelopeFrom(this.returnPaths.ofAddress(email));
		}
	}

	/**
	 * Writes a one-off message about a subscription (a confirmation, a reminder), sent
	 * from the service's address: plain text and HTML, marked {@code Auto-Submitted},
	 * without list headers.
	 * @param email the recipient's address
	 * @param name the recipient's name, if known
	 * @param subject the subject
	 * @param html the HTML body
	 * @param text the plain-text body
	 * @param messageId its Message-ID, the same on every attempt
	 * @param language the language it is written in (BCP 47)
	 * @return the message
	 */
	MimeMessage transactional(String email, @Nullable String name, String subject, String html, String text,
			String messageId, String language) {
		try {
			DispatchProperties.Mail sender = this.properties.mail();
			StableIdMimeMessage message = new StableIdMimeMessage(this.sender.session(), messageId);
			message.setEnvelopeFrom(this.returnPaths.ofAddress(email));
			message.setReturnOption(SMTPMessage.RETURN_HDRS);
			message.setFrom(new InternetAddress(sender.from(), sender.fromName(), StandardCharsets.UTF_8.name()));
			message.setRecipient(Message.RecipientType.TO, Mailboxes.address(email, name));
			message.setSubject(subject, StandardCharsets.UTF_8.name());
			message.setHeader("Auto-Submitted", "auto-generated");
			message.setHeader("Content-Language", language);
			message.setContent(alternative(text, html));
			message.saveChanges();
			return message;
		}
		catch (MessagingException | UnsupportedEncodingException ex) {
			// The exception's message may name the address: keep only its kind.
			throw new IllegalStateException("Could not write a subscription e-mail: " + ex.getClass().getSimpleName());
		}
	}

	/**
	 * Plain text and HTML bodies already encoded as quoted-printable.
	 */
	private static MimeMultipart encodedAlternative(String text, String html) {
		try {
			MimeMultipart alternative = new MimeMultipart("alternative");
			PreencodedMimeBodyPart textPart = new PreencodedMimeBodyPart("quoted-printable");
			textPart.setText(text, StandardCharsets.UTF_8.name(), "plain");
			PreencodedMimeBodyPart htmlPart = new PreencodedMimeBodyPart("quoted-printable");
			htmlPart.setText(html, StandardCharsets.UTF_8.name(), "html");
			alternative.addBodyPart(textPart);
			alternative.addBodyPart(htmlPart);
			return alternative;
		}
		catch (MessagingException ex) {
			throw new IllegalStateException("Could not assemble a message body", ex);
		}
	}

	private static MimeMultipart alternative(String text, String html) {
		try {
			MimeMultipart alternative = new MimeMultipart("alternative");
			MimeBodyPart textPart = new MimeBodyPart();
			textPart.setText(text, StandardCharsets.UTF_8.name(), "plain");
			MimeBodyPart htmlPart = new MimeBodyPart();
			htmlPart.setText(html, StandardCharsets.UTF_8.name(), "html");
			// Named here, the encoding is not chosen by reading each body through once
			// more.
			textPart.setHeader("Content-Transfer-Encoding", "quoted-printable");
			htmlPart.setHeader("Content-Transfer-Encoding", "quoted-printable");
			alternative.addBodyPart(textPart);
			alternative.addBodyPart(htmlPart);
			return alternative;
		}
		catch (MessagingException ex) {
			throw new IllegalStateException("Could not assemble a message body", ex);
		}
	}

}
