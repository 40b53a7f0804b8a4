package org.solidarityalerts.dispatch.preview;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.Action;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.dispatch.embassy.Embassy;
import org.solidarityalerts.dispatch.embassy.EmbassyDirectory;
import org.solidarityalerts.dispatch.mail.MailComposer;
import org.solidarityalerts.dispatch.mail.OutgoingMail;
import org.solidarityalerts.dispatch.mail.SendOutcome;
import org.solidarityalerts.dispatch.mail.ServiceWords;
import org.solidarityalerts.dispatch.mail.SmtpSender;
import org.solidarityalerts.dispatch.subscriber.Recipient;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;

import org.springframework.stereotype.Component;

/**
 * Renders an alert for one reader exactly as a delivery would, through
 * {@link MailComposer}'s letters and the embassy directory, and sends a test of it to one
 * address. The reader is no subscriber: a random id that names nobody, links to the
 * sign-up page in place of signed preference and unsubscribe links, and nothing written
 * to the delivery ledger.
 */
@Component
class Previews {

	private static final Logger logger = LoggerFactory.getLogger(Previews.class);

	/** The address a preview is written to; it is never sent. */
	private static final String PREVIEW_ADDRESS = "reader@preview.invalid";

	private final MailComposer composer;

	private final EmbassyDirectory embassies;

	private final SmtpSender sender;

	private final DispatchProperties properties;

	private final Clock clock;

	Previews(MailComposer composer, EmbassyDirectory embassies, SmtpSender sender, DispatchProperties properties,
			Clock clock) {
		this.composer = composer;
		this.embassies = embassies;
		this.sender = sender;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * What a reader would receive of an alert's first version.
	 * @param alert the alert
	 * @param reader the reader
	 * @return the subject, both parts and the languages used
	 */
	Preview preview(AlertSnapshot alert, PreviewRequest.Reader reader) {
		Recipient recipient = recipient(reader, PREVIEW_ADDRESS);
		return read(compose(alert, recipient).message(), alert, recipient);
	}

	/**
	 * Sends one test of what a reader would receive to one address, marked as a test,
	 * through the real SMTP sender; nothing is recorded in the delivery ledger.
	 * @param alert the alert
	 * @param reader the reader
	 * @param to the address to send it to
	 * @return the preview of what was sent, and what the SMTP server said
	 */
	TestSend sendTest(AlertSnapshot alert, PreviewRequest.Reader reader, String to) {
		Recipient recipient = recipient(reader, to);
		OutgoingMail mail = this.composer.markAsTest(compose(alert, recipient), recipient);
		SendOutcome outcome;
		try (SmtpSender.SmtpSession session = this.sender.open()) {
			outcome = session.send(mail);
		}
		logger.info("Test mail of alert {} sent: {} {}", alert.alertVersion(), outcome.status(), outcome.code());
		return new TestSend(read(mail.message(), alert, recipient), WireFormat.name(outcome.status()), outcome.code(),
				outcome.detail());
	}

	private OutgoingMail compose(AlertSnapshot alert, Recipient recipient) {
		Instant now = this.clock.instant();
		AlertEvent event = new AlertEvent.AlertPublished(EventId.random(), ContractEvent.SCHEMA_VERSION, now, alert);
		String link = this.properties.mail().publicUrl() + "/subscribe";
		return this.composer.previewLetters(event, now).compose(recipient, embassy(alert, recipient), link, link);
	}

	/**
	 * The embassy a delivery would name for the reader, looked up as deliveries do.
	 */
	private @Nullable Embassy embassy(AlertSnapshot alert, Recipient recipient) {
		String country = recipient.residenceCountry();
		if (country == null || alert.actions().stream().noneMatch(Action.ProtestToEmbassy.class::isInstance)) {
			return null;
		}
		Map<String, Embassy> found = this.embassies.in(alert.subjectCountry(), List.of(country));
		return found.get(country);
	}

	private static Recipient recipient(PreviewRequest.Reader reader, String email) {
		return new Recipient(SubscriberId.random(), email, reader.name(), reader.residenceCountry(),
				reader.languagesOrNone(), reader.timeZone(), SubscriberStatus.CONFIRMED);
	}

	private static Preview read(MimeMessage message, AlertSnapshot alert, Recipient recipient) {
		try {
			String text = null;
			String html = null;
			if (message.getContent() instanceof Multipart parts) {
				for (int i = 0; i < parts.getCount(); i++) {
					BodyPart part = parts.getBodyPart(i);
					if (part.isMimeType("text/plain")) {
						text = (String) part.getContent();
					}
					else if (part.isMimeType("text/html")) {
						html = (String) part.getContent();
					}
				}
			}
			if (text == null || html == null) {
				throw new IllegalStateException("The message lacks a plain-text or an HTML part");
			}
			return new Preview(message.getSubject(), html, text, alert.languageFor(recipient.languages()),
					ServiceWords.languageFor(recipient.languages()));
		}
		catch (MessagingException | IOException ex) {
			throw new IllegalStateException("Could not read the rendered message", ex);
		}
	}

	/**
	 * A test mail sent.
	 *
	 * @param preview what was sent
	 * @param status what became of it: {@code sent}, {@code deferred}, {@code failed}
	 * @param code the SMTP reply code, or 0 if there was none
	 * @param detail the server's reply, without addresses
	 */
	record TestSend(Preview preview, String status, int code, String detail) {
	}

}
