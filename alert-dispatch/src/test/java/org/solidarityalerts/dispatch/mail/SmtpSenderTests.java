package org.solidarityalerts.dispatch.mail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.exceptions.FailException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.service.TopicReplication;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;
import org.solidarityalerts.testsupport.TcpProxy;
import org.solidarityalerts.testsupport.TestCertificates;

import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The SMTP sender against a real SMTP server that behaves like a relay: few connections
 * for many messages, a rate limit that holds over any second, connections the relay
 * closed while idle replaced before anything is deferred, TLS as {@code spring.mail.*}
 * says and credentials never sent in clear, internationalised addresses.
 */
class SmtpSenderTests {

	private ScriptedSmtpServer server = new ScriptedSmtpServer();

	private final List<SmtpSender> senders = new ArrayList<>();

	@AfterEach
	void stop() {
		this.senders.forEach(SmtpSender::destroy);
		this.server.close();
	}

	@Test
	void manyMessagesTravelOverAFewConnectionsKeptOpen() throws Exception {
		SmtpSender sender = sender(2, 0);

		List<DeliveryStatus> outcomes = sendConcurrently(sender, 4, 50);

		assertThat(outcomes).hasSize(200).containsOnly(DeliveryStatus.SENT);
		assertThat(this.server.received()).hasSize(200);
		assertThat(this.server.connectionsUsed()).as("connections for 200 messages").isBetween(1, 2);
	}

	@Test
	void noSecondSeesMoreMessagesThanTheRateLimitAllowsGiveOrTakeItsBurst() throws Exception {
		int perSecond = 40;
		int connections = 4;
		SmtpSender sender = sender(connections, perSecond);

		List<DeliveryStatus> outcomes = sendConcurrently(sender, 4, 25);

		assertThat(outcomes).hasSize(100).containsOnly(DeliveryStatus.SENT);
		List<Instant> accepted = this.server.acceptedAt();
		int busiestSecond = 0;
		for (int i = 0; i < accepted.size(); i++) {
			Instant windowEnd = accepted.get(i).plusSeconds(1);
			int inWindow = 0;
			for (int j = i; j < accepted.size() && accepted.get(j).isBefore(windowEnd); j++) {
				inWindow++;
			}
			busiestSecond = Math.max(busiestSecond, inWindow);
		}
		// The bucket's burst, and the messages in flight on each connection: they took
		// their tokens before the window but may be accepted in it on a busy machine.
		assertThat(busiestSecond).as("messages in the busiest second")
			.isLessThanOrEqualTo(perSecond + perSecond / 10 + connections);
		assertThat(Duration.between(accepted.getFirst(), accepted.getLast()))
			.as("100 messages at 40 per second cannot all go in under two seconds")
			.isGreaterThanOrEqualTo(Duration.ofMillis(2_000));
	}

	@Test
	void aConnectionTheRelayClosedWhileIdleIsReplacedAndTheMessageSentAtOnce() {
		relay(ScriptedSmtpServer.Relay.PLAIN.idleTimeout(Duration.ofMillis(300)));
		SmtpSender sender = sender(mail(), 1, 0, Duration.ofMinutes(5), false);
		assertThat(sendOne(sender)).isEqualTo(DeliveryStatus.SENT);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.sessionsEnded() >= 1);
		assertThat(this.server.sessionsOpen()).isZero();

		long started = System.nanoTime();
		List<DeliveryStatus> outcomes = new ArrayList<>();
		try (SmtpSender.SmtpSession session = sender.open()) {
			for (int i = 0; i < 3; i++) {
				outcomes.add(session.send(mail(sender)).status());
			}
		}

		assertThat(outcomes).as("nothing deferred after the relay dropped the pooled connection")
			.containsOnly(DeliveryStatus.SENT);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
		assertThat(this.server.received()).hasSize(4);
	}

	@Test
	void aConnectionIdleLongerThanMaxIdleIsClosedInsteadOfUsed() {
		SmtpSender sender = sender(mail(), 1, 0, Duration.ofMillis(200), false);
		assertThat(sendOne(sender)).isEqualTo(DeliveryStatus.SENT);

		await().atMost(Duration.ofSeconds(10)).until(() -> {
			sender.closeIdleConnections();
			return this.server.sessionsEnded() == 1;
		});

		assertThat(sendOne(sender)).isEqualTo(DeliveryStatus.SENT);
		assertThat(this.server.connectionsUsed()).isEqualTo(2);
	}

	@Test
	void withCredentialsStartTlsIsRequiredAndTheRelaysCertificateVerified() {
		TestCertificates certificates = TestCertificates.create();
		relay(ScriptedSmtpServer.Relay.PLAIN.tls(ScriptedSmtpServer.Tls.STARTTLS_REQUIRED, certificates)
			.login("dispatch", "relay-secret"));
		MailProperties mail = mail();
		mail.setUsername("dispatch");
		mail.setPassword("relay-secret");
		mail.getSsl().setBundle("relay");

		SmtpSender sender = sender(mail, 1, 0, Duration.ofSeconds(15), false, bundles(certificates));

		assertThat(sendOne(sender)).isEqualTo(DeliveryStatus.SENT);
		assertThat(sender.relay().encrypted()).isTrue();
		assertThat(sender.relay().security()).contains("STARTTLS required");
	}

	@Test
	void credentialsAreNeverSentToARelayThatDoesNotOfferStartTls() {
		relay(ScriptedSmtpServer.Relay.PLAIN.login("dispatch", "relay-secret"));
		MailProperties mail = mail();
		mail.setUsername("dispatch");
		mail.setPassword("relay-secret");
		SmtpSender sender = sender(mail, 1, 0, Duration.ofSeconds(15), false);

		SendOutcome outcome = send(sender);

		assertThat(outcome.status()).isEqualTo(DeliveryStatus.DEFERRED);
		assertThat(outcome.detail()).contains("does not offer STARTTLS");
		assertThat(sender.relay().reachable()).isFalse();
		assertThat(sender.relay().reason()).contains("nothing is sent in clear");
		assertThat(this.server.received()).isEmpty();
	}

	@Test
	void aRelayWhoseCertificateCannotBeVerifiedIsRefused() {
		relay(ScriptedSmtpServer.Relay.PLAIN.tls(ScriptedSmtpServer.Tls.STARTTLS, TestCertificates.create()));
		SmtpSender sender = sender(mail(), 1, 0, Duration.ofSeconds(15), false);

		SendOutcome outcome = send(sender);

		assertThat(outcome.status()).isEqualTo(DeliveryStatus.DEFERRED);
		assertThat(outcome.detail()).contains("TLS failed");
		assertThat(this.server.received()).isEmpty();
	}

	@Test
	void requireTlsRefusesARelayWithoutStartTlsEvenWithoutCredentials() {
		SmtpSender sender = sender(mail(), 1, 0, Duration.ofSeconds(15), true);

		assertThat(send(sender).detail()).contains("does not offer STARTTLS");
		assertThat(this.server.received()).isEmpty();
	}

	@Test
	void tlsFromTheFirstByteAsSpringMailSslEnabledSays() {
		TestCertificates certificates = TestCertificates.create();
		relay(ScriptedSmtpServer.Relay.PLAIN.tls(ScriptedSmtpServer.Tls.IMPLICIT, certificates));
		MailProperties mail = mail();
		mail.getSsl().setEnabled(true);
		mail.getSsl().setBundle("relay");
		SmtpSender sender = sender(mail, 1, 0, Duration.ofSeconds(15), false, bundles(certificates));

		assertThat(sendOne(sender)).isEqualTo(DeliveryStatus.SENT);
		assertThat(sender.relay().encrypted()).isTrue();
	}

	@Test
	void anInternationalisedDomainIsSentAsItsALabel() throws Exception {
		SmtpSender sender = sender(mail(), 1, 0, Duration.ofSeconds(15), false);
		MimeMessage message = message(sender, Mailboxes.address("lucía@exämple.org", "Lucía"));

		try (SmtpSender.SmtpSession session = sender.open()) {
			assertThat(session.send(new OutgoingMail(SubscriberId.random(), message)).status())
				.isEqualTo(DeliveryStatus.SENT);
		}

		assertThat(this.server.envelopeSenders("lucía@xn--exmple-cua.org")).as("messages for the A-label RCPT")
			.hasSize(1);
	}

	@Test
	void aMailboxNameThatIsNotAsciiGoesOutWithSmtpUtf8WhenTheRelayOffersIt() throws Exception {
		SmtpSender sender = sender(mail(), 1, 0, Duration.ofSeconds(15), false);
		MimeMessage message = message(sender, Mailboxes.address("алия@exämple.org", null));

		try (SmtpSender.SmtpSession session = sender.open()) {
			assertThat(session.send(new OutgoingMail(SubscriberId.random(), message)).status())
				.isEqualTo(DeliveryStatus.SENT);
		}

		assertThat(sender.relay().smtpUtf8()).isTrue();
		assertThat(this.server.envelopeSenders("алия@xn--exmple-cua.org")).as("messages for the UTF-8 RCPT").hasSize(1);
	}

	@Test
	void withDkimConfiguredEveryMessageCarriesASignatureAnIndependentVerifierAccepts() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair keys = generator.generateKeyPair();
		String pem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
		DkimSigning signing = new DkimSigning(new DkimProperties("example.org", "alerts2026", pem,
				List.of("From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type")));
		SmtpSender sender = sender(mail(), 1, 0, Duration.ofSeconds(15), false, null, signing);

		assertThat(sendOne(sender)).isEqualTo(DeliveryStatus.SENT);

		ByteArrayOutputStream raw = new ByteArrayOutputStream();
		this.server.received().getFirst().writeTo(raw);
		String publicKey = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
		DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> {
			assertThat(selector.toString()).isEqualTo("alerts2026");
			assertThat(domain.toString()).isEqualTo("example.org");
			return List.of(publicKey);
		});
		assertThat(verifier.verify(new ByteArrayInputStream(raw.toByteArray()))).singleElement()
			.satisfies((signature) -> assertThat(signature.getDToken()).hasToString("example.org"));

		byte[] tampered = raw.toString(StandardCharsets.ISO_8859_1)
			.replace("Body", "B0dy")
			.getBytes(StandardCharsets.ISO_8859_1);
		assertThatExceptionOfType(FailException.class)
			.isThrownBy(() -> new DKIMVerifier((method, selector, domain) -> List.of(publicKey))
				.verify(new ByteArrayInputStream(tampered)));
	}

	@Test
	void aMailboxNameThatIsNotAsciiFailsWithItsReasonWhenTheRelayDoesNotOfferSmtpUtf8() throws Exception {
		try (TcpProxy relayWithoutSmtpUtf8 = new TcpProxy("127.0.0.1", this.server.port())) {
			relayWithoutSmtpUtf8.withhold("250-SMTPUTF8"::equals);
			MailProperties mail = mail();
			mail.setPort(relayWithoutSmtpUtf8.port());
			SmtpSender sender = sender(mail, 1, 0, Duration.ofSeconds(15), false);
			MimeMessage message = message(sender, Mailboxes.address("алия@example.org", null));

			SendOutcome outcome;
			try (SmtpSender.SmtpSession session = sender.open()) {
				outcome = session.send(new OutgoingMail(SubscriberId.random(), message));
			}

			assertThat(outcome.status()).isEqualTo(DeliveryStatus.FAILED);
			assertThat(outcome.detail()).isEqualTo("the address needs SMTPUTF8, which the relay does not offer");
			assertThat(sender.relay().smtpUtf8()).isFalse();
			assertThat(this.server.received()).isEmpty();
			assertThat(sendOne(sender)).as("ASCII mailboxes still go").isEqualTo(DeliveryStatus.SENT);
		}
	}

	private void relay(ScriptedSmtpServer.Relay relay) {
		this.server.close();
		this.server = new ScriptedSmtpServer(relay);
	}

	private static SslBundles bundles(TestCertificates certificates) {
		DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry();
		registry.registerBundle("relay", SslBundle
			.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(certificates.authorityPem()))));
		return registry;
	}

	private DeliveryStatus sendOne(SmtpSender sender) {
		return send(sender).status();
	}

	private SendOutcome send(SmtpSender sender) {
		try (SmtpSender.SmtpSession session = sender.open()) {
			return session.send(mail(sender));
		}
	}

	private List<DeliveryStatus> sendConcurrently(SmtpSender sender, int threads, int perThread) throws Exception {
		List<CompletableFuture<List<DeliveryStatus>>> runs = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
			for (int t = 0; t < threads; t++) {
				runs.add(CompletableFuture.supplyAsync(() -> {
					List<DeliveryStatus> statuses = new ArrayList<>();
					try (SmtpSender.SmtpSession session = sender.open()) {
						for (int i = 0; i < perThread; i++) {
							statuses.add(session.send(mail(sender)).status());
						}
					}
					return statuses;
				}, pool));
			}
			List<DeliveryStatus> all = new ArrayList<>();
			for (CompletableFuture<List<DeliveryStatus>> run : runs) {
				all.addAll(run.get());
			}
			return all;
		}
	}

	private SmtpSender sender(int connections, int maxPerSecond) {
		return sender(mail(), connections, maxPerSecond, Duration.ofSeconds(15), false);
	}

	private MailProperties mail() {
		MailProperties mail = new MailProperties();
		mail.setHost("127.0.0.1");
		mail.setPort(this.server.port());
		return mail;
	}

	private SmtpSender sender(MailProperties mail, int connections, int maxPerSecond, Duration maxIdle,
			boolean requireTls) {
		return sender(mail, connections, maxPerSecond, maxIdle, requireTls, null);
	}

	private SmtpSender sender(MailProperties mail, int connections, int maxPerSecond, Duration maxIdle,
			boolean requireTls, SslBundles bundles) {
		return sender(mail, connections, maxPerSecond, maxIdle, requireTls, bundles, DkimSigning.none());
	}

	private SmtpSender sender(MailProperties mail, int connections, int maxPerSecond, Duration maxIdle,
			boolean requireTls, SslBundles bundles, DkimSigning signing) {
		DispatchProperties properties = new DispatchProperties("/test", new DispatchProperties.FanOut(200, 10),
				new DispatchProperties.Mail("alerts@example.org", "Alerts", "alerts.example.org", "https://a.test"),
				new DispatchProperties.Smtp(connections, Duration.ofSeconds(5), Duration.ofSeconds(5), maxPerSecond,
						maxIdle, requireTls, 0, 0, Duration.ofSeconds(30), true),
				new TopicReplication((short) 1, 2),
				new DispatchProperties.Listeners(1, 1, Duration.ofMillis(500), 4, Duration.ofSeconds(10)),
				new DispatchProperties.Delivery(3, Duration.ofSeconds(1), 2, Duration.ofMinutes(1),
						Duration.ofMinutes(1), 1));
		SmtpSender sender = new SmtpSender(mail, properties, bundles, RelayQuota.unshared(), signing);
		this.senders.add(sender);
		return sender;
	}

	private static MimeMessage message(SmtpSender sender, InternetAddress to) throws Exception {
		MimeMessage message = new MimeMessage(sender.session());
		message.setFrom(new InternetAddress("alerts@example.org"));
		message.setRecipient(Message.RecipientType.TO, to);
		message.setSubject("Test");
		message.setText("Body");
		return message;
	}

	private static OutgoingMail mail(SmtpSender sender) {
		try {
			MimeMessage message = new MimeMessage(sender.session());
			message.setFrom(new InternetAddress("alerts@example.org"));
			message.setRecipient(Message.RecipientType.TO,
					new InternetAddress("reader-" + UUID.randomUUID() + "@example.org"));
			message.setSubject("Test");
			message.setText("Body");
			return new OutgoingMail(SubscriberId.random(), message);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
