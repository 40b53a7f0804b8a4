package org.solidarityalerts.dispatch.feedback;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.Campaign;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.LocalizedContent;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.mail.MailComposer;
import org.solidarityalerts.dispatch.mail.SmtpSender;
import org.solidarityalerts.dispatch.subscriber.Cadence;
import org.solidarityalerts.dispatch.subscriber.Preferences;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.dispatch.subscriber.SubscriberStore;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Subscribers, an alert e-mail that really went through SMTP, and a remote mail server
 * that sends reports to the inbound endpoint with Jakarta Mail, as any MTA would.
 */
@TestComponent
class FeedbackFixtures {

	private final MongoTemplate mongo;

	private final SubscriberStore store;

	private final MailComposer composer;

	private final SmtpSender sender;

	private final ScriptedSmtpServer smtp;

	private final InboundSmtp inbound;

	FeedbackFixtures(MongoTemplate mongo, SubscriberStore store, MailComposer composer, SmtpSender sender,
			ScriptedSmtpServer smtp, InboundSmtp inbound) {
		this.mongo = mongo;
		this.store = store;
		this.composer = composer;
		this.sender = sender;
		this.smtp = smtp;
		this.inbound = inbound;
	}

	Subscriber subscriber(String who) {
		String email = who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
		Instant now = Instant.now();
		return this.mongo.insert(new Subscriber(UUID.randomUUID().toString(), email, Subscriber.keyOf(email), "Amina",
				"GB", List.of("en"), "Europe/London", SubscriberStatus.CONFIRMED,
				new Preferences(List.of("free-dana-serikova"), List.of(), List.of(AlertKind.values()),
						Cadence.IMMEDIATE),
				now, now));
	}

	static AlertSnapshot alert() {
		return new AlertSnapshot(AlertId.random(), 2, AlertKind.URGENT_ACTION, "justice-for-dana",
				new Campaign("free-dana-serikova", "Free Dana"), "KZ", List.of(), "en",
				Map.of("en", new LocalizedContent("Dana Serikova begins a hunger strike", "Write to the court today.",
						"<p>Please write today.</p>", null)),
				List.of(), Instant.now(), null, null);
	}

	/**
	 * Mails an alert to a subscriber through SMTP and returns it as received.
	 */
	Sent mailAlert(Subscriber subscriber, AlertSnapshot alert) {
		var recipient = this.store.recipients(List.of(SubscriberId.parse(subscriber.id()))).getFirst();
		AlertEvent event = new AlertEvent.AlertPublished(EventId.random(), ContractEvent.SCHEMA_VERSION, Instant.now(),
				alert);
		try (SmtpSender.SmtpSession session = this.sender.open()) {
			assertThat(session.send(this.composer.compose(event, recipient, null, Instant.now())).status())
				.isEqualTo(DeliveryStatus.SENT);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> !this.smtp.receivedBy(subscriber.email()).isEmpty());
		return new Sent(this.smtp.receivedBy(subscriber.email()).getLast(),
				this.smtp.envelopeSenders(subscriber.email()).getLast());
	}

	/**
	 * The header lines of a received message, as a report quotes them.
	 */
	static String headers(MimeMessage message) {
		try {
			List<String> lines = new ArrayList<>(Collections.list(message.getAllHeaderLines()));
			return String.join("\r\n", lines) + "\r\n";
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends a message to the inbound endpoint from a null reverse path, as a mail server
	 * sends a report.
	 * @param recipient the RCPT TO address
	 * @param raw the message, headers and body
	 */
	void deliver(String recipient, String raw) throws MessagingException {
		Properties properties = new Properties();
		properties.put("mail.smtp.host", "127.0.0.1");
		properties.put("mail.smtp.port", Integer.toString(this.inbound.port()));
		properties.put("mail.smtp.localhost", "mx.receiver.test");
		Session session = Session.getInstance(properties);
		SMTPMessage message = new SMTPMessage(session, new ByteArrayInputStream(
				raw.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
		message.setEnvelopeFrom("<>");
		try (Transport transport = session.getTransport("smtp")) {
			transport.connect();
			transport.sendMessage(message, new Address[] { new InternetAddress(recipient) });
		}
	}

	Subscriber reload(Subscriber subscriber) {
		return this.mongo.findById(subscriber.id(), Subscriber.class);
	}

	/**
	 * An alert e-mail as the subscriber's server received it.
	 *
	 * @param message the message
	 * @param envelopeSender its SMTP MAIL FROM
	 */
	record Sent(MimeMessage message, String envelopeSender) {
	}

}
