package org.solidarityalerts.dispatch.feedback;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import org.bson.Document;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.dispatch.subscription.Fixtures;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.MailEvent;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dispatch.feedback.FeedbackFixtures.Sent;
import org.solidarityalerts.dispatch.mail.MailComposer;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.dispatch.subscriber.SuppressionList;
import org.solidarityalerts.testsupport.Mails;
import org.solidarityalerts.testsupport.TopicReader;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What remote mail servers send back after accepting an alert e-mail, sent to dispatch's
 * inbound SMTP endpoint with a real SMTP client: delivery status notifications to the
 * signed envelope sender, feedback-loop reports, and unsubscribes by mail. Each report is
 * written here as the servers write them, quoting the headers of an alert e-mail that
 * really went through SMTP.
 */
@FeedbackIntegrationTest
class InboundReportsIntegrationTests {

	private static final String DOMAIN = FeedbackIntegrationTest.DOMAIN;

	private static final Pattern MAILTO = Pattern.compile("<mailto:([^?]+)\\?subject=([^>]+)>");

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Autowired
	FeedbackFixtures fixtures;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	MeterRegistry meters;

	@Autowired
	SuppressionList suppressions;

	@Autowired
	ReturnPathTokens returnPaths;

	@Autowired
	KafkaConnectionDetails kafkaConnection;

	@Autowired
	MailComposer composer;

	@Test
	void anAlertEmailsEnvelopeSenderCarriesASignedTokenThatMapsBackToItsSubscriber() {
		Subscriber subscriber = this.fixtures.subscriber("envelope");

		Sent sent = this.fixtures.mailAlert(subscriber, FeedbackFixtures.alert());

		assertThat(sent.envelopeSender()).matches("bounces\\+[a-z2-7]{42}@" + Pattern.quote(DOMAIN))
			.doesNotContain(subscriber.email().substring(0, subscriber.email().indexOf('@')));
		assertThat(sent.envelopeSender().indexOf('@')).isLessThanOrEqualTo(64);
		assertThat(this.returnPaths.verify(sent.envelopeSender())).contains(SubscriberId.parse(subscriber.id()));
		assertThat(Mails.header(sent.message(), "List-Unsubscribe")).contains("<mailto:unsubscribe@" + DOMAIN + "?");
		String tampered = sent.envelopeSender()
			.replaceFirst("\\+(.)", "+" + ((sent.envelopeSender().charAt(8) == 'a') ? "b" : "a"));
		assertThat(this.returnPaths.verify(tampered)).isEmpty();
	}

	@Test
	void aSubscriptionMailsEnvelopeSenderNamesItsSubscriberAndAnUnknownAddressGetsTheFromAddress() {
		Subscriber subscriber = this.fixtures.subscriber("pending");

		SMTPMessage confirmation = (SMTPMessage) this.composer.transactional(subscriber.email(), null, "Confirm",
				"<p>Confirm</p>", "Confirm", "<service.1@example.org>");
		SMTPMessage stranger = (SMTPMessage) this.composer.transactional("nobody-here@example.org", null, "Confirm",
				"<p>Confirm</p>", "Confirm", "<service.2@example.org>");

		assertThat(this.returnPaths.verify(confirmation.getEnvelopeFrom()))
			.contains(SubscriberId.parse(subscriber.id()));
		assertThat(confirmation.getReturnOption()).isEqualTo(SMTPMessage.RETURN_HDRS);
		assertThat(stranger.getEnvelopeFrom()).isEqualTo("alerts@solidarity.example.org");
	}

	@Test
	void aHardBounceSuppressesTheAddressAndIsPublishedWithItsAlertVersion() throws Exception {
		Subscriber subscriber = this.fixtures.subscriber("gone");
		AlertSnapshot alert = FeedbackFixtures.alert();
		Sent sent = this.fixtures.mailAlert(subscriber, alert);

		double bounces = bounces();
		try (TopicReader events = new TopicReader(bootstrap(), Topics.MAIL_EVENTS)) {
			this.fixtures.deliver(sent.envelopeSender(), dsn(subscriber, sent, "failed", "5.1.1"));

			assertThat(bounces()).as("the bounce metric").isEqualTo(bounces + 1);
			assertThat(this.fixtures.reload(subscriber).status()).isEqualTo(SubscriberStatus.SUPPRESSED);
			assertThat(this.suppressions.isSuppressed(subscriber.email())).isTrue();
			await().atMost(PATIENCE)
				.untilAsserted(
						() -> assertThat(events.records()).filteredOn((record) -> record.key().equals(subscriber.id()))
							.singleElement()
							.satisfies((record) -> {
								assertThat(new String(record.value())).doesNotContain(subscriber.email());
								MailEvent.FeedbackReceived received = (MailEvent.FeedbackReceived) WireFormat
									.jsonMapper()
									.readValue(record.value(), ContractEvent.class);
								assertThat(received.subscriber()).isEqualTo(SubscriberId.parse(subscriber.id()));
								assertThat(received.alertVersion()).isEqualTo(alert.alertVersion());
								assertThat(received.feedback()).isEqualTo(MailEvent.Feedback.HARD_BOUNCE);
								assertThat(received.source()).isEqualTo(MailEvent.FeedbackSource.DSN);
								assertThat(received.detail()).isEqualTo("5.1.1");
							}));
		}
	}

	@Test
	void softBouncesAreCountedAndTheThirdWithinTheWindowSuppresses() throws Exception {
		Subscriber subscriber = this.fixtures.subscriber("full");
		Sent sent = this.fixtures.mailAlert(subscriber, FeedbackFixtures.alert());

		for (int bounce = 1; bounce <= 2; bounce++) {
			this.fixtures.deliver(sent.envelopeSender(), dsn(subscriber, sent, "failed", "4.2.2"));
			assertThat(this.fixtures.reload(subscriber).status()).isEqualTo(SubscriberStatus.CONFIRMED);
			assertThat(softBounces(subscriber)).hasSize(bounce);
		}
		assertThat(this.suppressions.isSuppressed(subscriber.email())).isFalse();

		this.fixtures.deliver(sent.envelopeSender(), dsn(subscriber, sent, "failed", "4.2.2"));

		assertThat(this.fixtures.reload(subscriber).status()).isEqualTo(SubscriberStatus.SUPPRESSED);
		assertThat(this.suppressions.isSuppressed(subscriber.email())).isTrue();
	}

	@Test
	void delayedAndDeliveredNotificationsChangeNothing() throws Exception {
		Subscriber subscriber = this.fixtures.subscriber("slow");
		Sent sent = this.fixtures.mailAlert(subscriber, FeedbackFixtures.alert());

		this.fixtures.deliver(sent.envelopeSender(), dsn(subscriber, sent, "delayed", "4.4.1"));
		this.fixtures.deliver(sent.envelopeSender(), dsn(subscriber, sent, "delivered", "2.0.0"));

		assertThat(this.fixtures.reload(subscriber).status()).isEqualTo(SubscriberStatus.CONFIRMED);
		assertThat(softBounces(subscriber)).isEmpty();
		assertThat(this.suppressions.isSuppressed(subscriber.email())).isFalse();
	}

	@Test
	void aFeedbackLoopComplaintUnsubscribesAndSuppresses() throws Exception {
		Subscriber subscriber = this.fixtures.subscriber("annoyed");
		Sent sent = this.fixtures.mailAlert(subscriber, FeedbackFixtures.alert());

		this.fixtures.deliver("feedback@" + DOMAIN, arf(sent, FeedbackFixtures.headers(sent.message())));

		assertThat(this.fixtures.reload(subscriber).status()).isEqualTo(SubscriberStatus.SUPPRESSED);
		assertThat(this.suppressions.isSuppressed(subscriber.email())).isTrue();
		Document stored = this.mongo.findById(subscriber.id(), Document.class, "subscribers");
		assertThat(stored.get("feedback", Document.class).getInteger("complaints")).isEqualTo(1);
	}

	@Test
	void aFeedbackReportWithoutAGenuineTokenChangesNothing() throws Exception {
		Subscriber victim = this.fixtures.subscriber("victim");
		Sent sent = this.fixtures.mailAlert(victim, FeedbackFixtures.alert());
		String headers = FeedbackFixtures.headers(sent.message());
		Matcher mailto = MAILTO.matcher(Mails.header(sent.message(), "List-Unsubscribe"));
		assertThat(mailto.find()).isTrue();
		String token = mailto.group(2).substring("unsubscribe-".length());
		int at = token.length() - 2;
		String forgedToken = token.substring(0, at) + ((token.charAt(at) == 'A') ? 'B' : 'A') + token.substring(at + 1);

		this.fixtures.deliver("feedback@" + DOMAIN, arf(sent, headers.replace(token, forgedToken)));
		this.fixtures.deliver("feedback@" + DOMAIN,
				arf(sent, headers.replaceAll("(?m)^List-Unsubscribe:.*(\\r\\n[ \\t].*)*\\r\\n", "")));

		assertThat(this.fixtures.reload(victim).status()).isEqualTo(SubscriberStatus.CONFIRMED);
		assertThat(this.suppressions.isSuppressed(victim.email())).isFalse();
	}

	@Test
	void anUnsubscribeSentToTheMailtoAddressUnsubscribesWithinSeconds() throws Exception {
		Subscriber subscriber = this.fixtures.subscriber("leaver");
		Sent sent = this.fixtures.mailAlert(subscriber, FeedbackFixtures.alert());
		Matcher mailto = MAILTO.matcher(Mails.header(sent.message(), "List-Unsubscribe"));
		assertThat(mailto.find()).isTrue();

		this.fixtures.deliver(mailto.group(1), """
				From: Amina <%s>
				To: %s
				Subject: %s
				Date: Thu, 26 Nov 2026 03:00:00 +0000
				Message-ID: <unsubscribe-request-1@mail.example.org>
				MIME-Version: 1.0
				Content-Type: text/plain; charset=UTF-8

				This message will unsubscribe you.
				""".formatted(subscriber.email(), mailto.group(1), mailto.group(2)));

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.fixtures.reload(subscriber).status())
				.isEqualTo(SubscriberStatus.UNSUBSCRIBED));
		assertThat(this.suppressions.isSuppressed(subscriber.email())).isFalse();
	}

	@Test
	void theEndpointRefusesEveryOtherRecipientAndForgedTokens() throws Exception {
		Subscriber subscriber = this.fixtures.subscriber("target");
		Sent sent = this.fixtures.mailAlert(subscriber, FeedbackFixtures.alert());
		String forged = "bounces+" + "a".repeat(42) + "@" + DOMAIN;
		String otherDomain = sent.envelopeSender().replace("@" + DOMAIN, "@elsewhere.test");

		for (String recipient : List.of("postmaster@" + DOMAIN, "someone@example.org", forged, otherDomain)) {
			assertThatExceptionOfType(SendFailedException.class)
				.isThrownBy(() -> this.fixtures.deliver(recipient, dsn(subscriber, sent, "failed", "5.1.1")))
				.satisfies((ex) -> assertThat(ex.getNextException()).isInstanceOfSatisfying(
						SMTPAddressFailedException.class,
						(failed) -> assertThat(failed.getReturnCode()).isEqualTo(550)));
		}
		assertThat(this.fixtures.reload(subscriber).status()).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	private List<?> softBounces(Subscriber subscriber) {
		Document stored = this.mongo.findById(subscriber.id(), Document.class, "subscribers");
		Document feedback = stored.get("feedback", Document.class);
		return (feedback != null) ? feedback.getList("softBounces", Object.class, List.of()) : List.of();
	}

	/**
	 * A delivery status notification as Postfix writes one, returning the headers.
	 */
	private static String dsn(Subscriber subscriber, Sent sent, String action, String status)
			throws MessagingException {
		String boundary = "4ABC123.1764126000/mx.receiver.test";
		return """
				From: MAILER-DAEMON@mx.receiver.test (Mail Delivery System)
				To: %1$s
				Subject: Undelivered Mail Returned to Sender
				Date: Thu, 26 Nov 2026 03:00:00 +0000
				Message-ID: <20261126030000.4ABC123@mx.receiver.test>
				Auto-Submitted: auto-replied
				MIME-Version: 1.0
				Content-Type: multipart/report; report-type=delivery-status;
				\tboundary="%2$s"

				This is a MIME-encapsulated message.

				--%2$s
				Content-Description: Notification
				Content-Type: text/plain; charset=us-ascii

				This is the mail system at host mx.receiver.test.

				I'm sorry to have to inform you that your message could not
				be delivered to one or more recipients.

				--%2$s
				Content-Description: Delivery report
				Content-Type: message/delivery-status

				Reporting-MTA: dns; mx.receiver.test
				X-Postfix-Queue-ID: 4ABC123
				X-Postfix-Sender: rfc822; %1$s
				Arrival-Date: Thu, 26 Nov 2026 02:59:58 +0000 (UTC)

				Final-Recipient: rfc822; %3$s
				Original-Recipient: rfc822;%3$s
				Action: %4$s
				Status: %5$s
				Remote-MTA: dns; inbox.receiver.test
				Diagnostic-Code: smtp; %6$s

				--%2$s
				Content-Description: Undelivered Message Headers
				Content-Type: text/rfc822-headers

				%7$s
				--%2$s--
				""".formatted(sent.envelopeSender(), boundary, subscriber.email(), action, status,
				status.startsWith("5") ? "550 5.1.1 <" + subscriber.email() + ">: Recipient address rejected"
						: "452 4.2.2 Mailbox full",
				FeedbackFixtures.headers(sent.message()));
	}

	/**
	 * A feedback-loop report (RFC 5965) quoting an alert e-mail's headers and a redacted
	 * body.
	 */
	private static String arf(Sent sent, String originalHeaders) {
		String boundary = "part1_13d.2e68ed54_boundary";
		return """
				From: <abuse-reports@mailbox.test>
				Date: Thu, 26 Nov 2026 03:00:00 +0000
				Subject: FW: Dana Serikova begins a hunger strike
				To: feedback@%1$s
				Message-ID: <arf-20261126-1@mailbox.test>
				MIME-Version: 1.0
				Content-Type: multipart/report; report-type=feedback-report;
				\tboundary="%2$s"

				--%2$s
				Content-Type: text/plain; charset="US-ASCII"
				Content-Transfer-Encoding: 7bit

				This is an email abuse report for an email message received from IP
				192.0.2.25 on Thu, 26 Nov 2026 02:59:58 +0000.

				--%2$s
				Content-Type: message/feedback-report

				Feedback-Type: abuse
				User-Agent: MailboxFeedback/1.0
				Version: 1
				Original-Mail-From: <%3$s>
				Arrival-Date: Thu, 26 Nov 2026 02:59:58 +0000
				Source-IP: 192.0.2.25
				Reported-Domain: %1$s

				--%2$s
				Content-Type: message/rfc822
				Content-Disposition: inline

				%4$s
				[body redacted]
				--%2$s--
				""".formatted(DOMAIN, boundary, sent.envelopeSender(), originalHeaders);
	}

	private String bootstrap() {
		return String.join(",", this.kafkaConnection.getBootstrapServers());
	}

	private double bounces() {
		return this.meters.get("alert.dispatch.feedback").tag("kind", "bounce").counter().count();
	}

}
