package org.solidarityalerts.dispatch.mail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import javax.net.ssl.SSLContext;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.james.jdkim.DKIMVerifier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.service.TopicReplication;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;
import org.solidarityalerts.testsupport.TestCertificates;

import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SMTP pipelining (RFC 2920) against real servers: the scripted server, which answers
 * MAIL only once the transaction's RCPT and DATA have arrived (a client that waits for
 * each reply would wait {@link ScriptedSmtpServer#PIPELINED_GROUP_WAIT} per message and
 * is counted as not pipelining). Postfix's {@code smtp-sink}, which pipelines too, is
 * sent over a million messages by the fan-out benchmark, which counts each once. Replies
 * no full server can be made to give (DATA refused after the envelope was taken, DATA
 * taken though every recipient was refused) come from {@link RepliesByScript}, which also
 * speaks STARTTLS. Refusals in the group map to the same outcomes as without pipelining,
 * and leave the connection usable.
 */
class PipeliningTransportTests {

	private ScriptedSmtpServer server = new ScriptedSmtpServer(ScriptedSmtpServer.Relay.PLAIN.offeringPipelining());

	private final List<SmtpSender> senders = new ArrayList<>();

	@AfterEach
	void stop() {
		this.senders.forEach(SmtpSender::destroy);
		this.server.close();
	}

	@Test
	void whereTheServerOffersPipeliningEachMessagesEnvelopeAndDataCommandTravelAsOneGroup() {
		SmtpSender sender = sender(this.server.port(), true);
		long started = System.nanoTime();

		List<DeliveryStatus> outcomes = inOneSession(sender, readers(20)).stream().map(SendOutcome::status).toList();

		assertThat(outcomes).hasSize(20).containsOnly(DeliveryStatus.SENT);
		assertThat(this.server.received()).hasSize(20);
		assertThat(this.server.transactions()).isEqualTo(20);
		assertThat(this.server.groupsReceived()).as("transactions whose RCPT and DATA came before the MAIL reply")
			.isEqualTo(20);
		assertThat(sender.relay().pipelining()).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no message waited for the server's patience")
			.isLessThan(ScriptedSmtpServer.PIPELINED_GROUP_WAIT);
	}

	@Test
	void overTlsFromTheFirstByteEachMessagesGroupStillTravelsAsOne() throws Exception {
		TestCertificates certificates = TestCertificates.create();
		try (TlsFront front = new TlsFront(certificates.serverContext(), this.server.port())) {
			MailProperties mail = mail(front.port());
			mail.getSsl().setEnabled(true);
			mail.getSsl().setBundle("relay");
			SmtpSender sender = sender(mail, true, Duration.ofSeconds(10), DkimSigning.none(), trusting(certificates));
			long started = System.nanoTime();

			List<DeliveryStatus> outcomes = inOneSession(sender, readers(5)).stream().map(SendOutcome::status).toList();

			assertThat(outcomes).hasSize(5).containsOnly(DeliveryStatus.SENT);
			assertThat(sender.relay().encrypted()).isTrue();
			assertThat(sender.relay().pipelining()).isTrue();
			assertThat(this.server.received()).hasSize(5);
			assertThat(this.server.groupsReceived()).as("each group written in one go into the TLS stream")
				.isEqualTo(5);
			assertThat(Duration.ofNanos(System.nanoTime() - started))
				.isLessThan(ScriptedSmtpServer.PIPELINED_GROUP_WAIT);
		}
	}

	@Test
	void overStartTlsEachMessagesGroupStillTravelsAsOne() throws Exception {
		TestCertificates certificates = TestCertificates.create();
		try (RepliesByScript relay = new RepliesByScript(certificates.serverContext())) {
			MailProperties mail = mail(relay.port());
			mail.getSsl().setBundle("relay");
			SmtpSender sender = sender(mail, true, Duration.ofSeconds(10), DkimSigning.none(), trusting(certificates));

			List<DeliveryStatus> outcomes = inOneSession(sender, readers(5)).stream().map(SendOutcome::status).toList();

			assertThat(outcomes).hasSize(5).containsOnly(DeliveryStatus.SENT);
			assertThat(sender.relay().encrypted()).isTrue();
			assertThat(sender.relay().pipelining()).isTrue();
			assertThat(relay.secured()).isOne();
			assertThat(relay.accepted()).hasSize(5);
			assertThat(relay.groups()).as("each group written in one go into the TLS stream").isEqualTo(5);

			SmtpSender waiting = sender(mail, false, Duration.ofSeconds(10), DkimSigning.none(),
					trusting(certificates));
			assertThat(send(waiting, "reader@example.org").status()).isEqualTo(DeliveryStatus.SENT);
			assertThat(relay.accepted()).hasSize(6);
			assertThat(relay.groups()).as("a client that waits for each reply sends no group").isEqualTo(5);
		}
	}

	@Test
	void aDataCommandRefusedAfterTheEnvelopeWasTakenFailsOrIsDeferredAndTheConnectionStaysUsable() throws Exception {
		try (RepliesByScript relay = new RepliesByScript(null).answer("DATA", "554 5.7.1 Refused by policy",
				"451 4.3.0 Try again later")) {
			SmtpSender sender = sender(relay.port(), true);

			List<SendOutcome> outcomes = inOneSession(sender, "reader@example.org", "reader@example.org",
					"reader@example.org");
			SendOutcome refused = outcomes.get(0);
			SendOutcome deferred = outcomes.get(1);
			SendOutcome next = outcomes.get(2);

			assertThat(refused.status()).isEqualTo(DeliveryStatus.FAILED);
			assertThat(refused.detail()).isEqualTo("SMTP 554");
			assertThat(deferred.status()).isEqualTo(DeliveryStatus.DEFERRED);
			assertThat(deferred.code()).isEqualTo(451);
			assertThat(next.status()).isEqualTo(DeliveryStatus.SENT);
			assertThat(relay.accepted()).hasSize(1);
			assertThat(relay.refusedData()).as("no data after a refused DATA").isEmpty();
			assertThat(relay.connections()).isOne();
			assertThat(relay.groups()).isEqualTo(3);
		}
	}

	@Test
	void aSenderRefusedInTheGroupIsDeferredAndTheConnectionIsResetForTheNextMessage() throws Exception {
		try (RepliesByScript relay = new RepliesByScript(null).answer("MAIL",
				"452 4.3.1 Insufficient system storage")) {
			SmtpSender sender = sender(relay.port(), true);

			List<SendOutcome> outcomes = inOneSession(sender, "reader@example.org", "reader@example.org");
			SendOutcome deferred = outcomes.get(0);
			SendOutcome next = outcomes.get(1);

			assertThat(deferred.status()).isEqualTo(DeliveryStatus.DEFERRED);
			assertThat(deferred.code()).isEqualTo(452);
			assertThat(next.status()).isEqualTo(DeliveryStatus.SENT);
			assertThat(relay.accepted()).hasSize(1);
			assertThat(relay.commands()).filteredOn((command) -> !command.startsWith("EHLO"))
				.map((command) -> command.split("[ :]", 2)[0])
				.containsExactly("MAIL", "RCPT", "DATA", "RSET", "MAIL", "RCPT", "DATA");
			assertThat(relay.connections()).isOne();
		}
	}

	@Test
	void aServerThatAnswersDataThoughItRefusedTheOnlyRecipientGetsAnEmptyMessageEndedAtOnce() throws Exception {
		try (RepliesByScript relay = new RepliesByScript(null).answer("RCPT", "550 5.1.1 User unknown")
			.answer("DATA", "354 End data with <CR><LF>.<CR><LF>")) {
			SmtpSender sender = sender(relay.port(), true);

			List<SendOutcome> outcomes = inOneSession(sender, "gone@example.org", "reader@example.org");
			SendOutcome refused = outcomes.get(0);
			SendOutcome next = outcomes.get(1);

			assertThat(refused.status()).isEqualTo(DeliveryStatus.FAILED);
			assertThat(refused.code()).isEqualTo(550);
			assertThat(relay.refusedData()).as("RFC 2920 3.1: an empty message, ended at once").containsExactly("");
			assertThat(next.status()).isEqualTo(DeliveryStatus.SENT);
			assertThat(relay.accepted()).singleElement().asString().contains("reader@example.org");
			assertThat(relay.connections()).isOne();
		}
	}

	@Test
	void aMessageWhoseLinesBeginWithFullStopsArrivesWholePipelinedOrNot() throws Exception {
		String body = ".\r\n..\r\n.leading\r\nmiddle . dot\r\nbare\nline feed\r\n.\r\nlast line unended";
		for (boolean pipelining : List.of(true, false)) {
			this.server.clear();
			SmtpSender sender = sender(this.server.port(), pipelining);
			StableIdMimeMessage message = new StableIdMimeMessage(sender.session(),
					"<" + UUID.randomUUID() + "@example.org>",
					List.of("From: alerts@example.org", "To: reader@example.org", "Subject: Full stops",
							"MIME-Version: 1.0", "Content-Type: text/plain; charset=us-ascii",
							"Content-Transfer-Encoding: 7bit"),
					body.getBytes(StandardCharsets.US_ASCII), null);

			try (SmtpSender.SmtpSession session = sender.open()) {
				assertThat(session.send(new OutgoingMail(SubscriberId.random(), message)).status())
					.isEqualTo(DeliveryStatus.SENT);
			}

			assertThat(this.server.received()).hasSize(1);
			MimeMessage received = this.server.received().getFirst();
			assertThat(new String(received.getRawInputStream().readAllBytes(), StandardCharsets.US_ASCII))
				.as("pipelining %s", pipelining)
				.isEqualTo(".\r\n..\r\n.leading\r\nmiddle . dot\r\nbare\r\nline feed\r\n.\r\nlast line unended\r\n");
		}
	}

	@Test
	void aServerThatDoesNotOfferPipeliningSeesOneCommandPerReply() {
		relay(ScriptedSmtpServer.Relay.PLAIN);
		SmtpSender sender = sender(this.server.port(), true);

		List<DeliveryStatus> outcomes = inOneSession(sender, readers(10)).stream().map(SendOutcome::status).toList();

		assertThat(outcomes).containsOnly(DeliveryStatus.SENT);
		assertThat(this.server.received()).hasSize(10);
		assertThat(this.server.transactions()).isEqualTo(10);
		assertThat(this.server.commandsAheadOfReplies()).as("commands sent before MAIL was answered").isZero();
		assertThat(sender.relay().pipelining()).isFalse();
	}

	@Test
	void withPipeliningSwitchedOffTheClientWaitsForEachReplyEvenWhereItIsOffered() {
		SmtpSender sender = sender(this.server.port(), false);

		assertThat(send(sender, "reader@example.org").status()).isEqualTo(DeliveryStatus.SENT);

		assertThat(this.server.received()).hasSize(1);
		assertThat(this.server.groupsReceived()).isZero();
		assertThat(this.server.commandsAheadOfReplies()).isZero();
		assertThat(sender.relay().pipelining()).isFalse();
	}

	@Test
	void aPipelinedMessageCarriesADkimSignatureAnIndependentVerifierAccepts() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair keys = generator.generateKeyPair();
		String pem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
		DkimSigning signing = new DkimSigning(new DkimProperties("example.org", "alerts2026", pem,
				List.of("From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type")));
		SmtpSender sender = sender(this.server.port(), true, Duration.ofSeconds(10), signing);

		assertThat(send(sender, "reader@example.org").status()).isEqualTo(DeliveryStatus.SENT);

		assertThat(this.server.groupsReceived()).isOne();
		ByteArrayOutputStream raw = new ByteArrayOutputStream();
		this.server.received().getFirst().writeTo(raw);
		String publicKey = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
		assertThat(new DKIMVerifier((method, selector, domain) -> List.of(publicKey))
			.verify(new ByteArrayInputStream(raw.toByteArray()))).singleElement()
			.satisfies((signature) -> assertThat(signature.getDToken()).hasToString("example.org"));
	}

	@Test
	void aRecipientRefusedWithA5xxInTheGroupFailsAndTheConnectionStaysUsable() {
		this.server.refuse("gone@example.org", 550);
		SmtpSender sender = sender(this.server.port(), true);

		List<SendOutcome> outcomes = inOneSession(sender, "gone@example.org", "reader@example.org");
		SendOutcome refused = outcomes.get(0);
		SendOutcome next = outcomes.get(1);

		assertThat(refused.status()).isEqualTo(DeliveryStatus.FAILED);
		assertThat(refused.code()).isEqualTo(550);
		assertThat(refused.detail()).isEqualTo("SMTP 550");
		assertThat(next.status()).isEqualTo(DeliveryStatus.SENT);
		assertThat(this.server.attempts("gone@example.org")).isOne();
		assertThat(this.server.received()).hasSize(1);
		assertThat(this.server.envelopeSenders("reader@example.org")).hasSize(1);
		assertThat(this.server.connectionsUsed()).isOne();
		assertThat(this.server.groupsReceived()).isEqualTo(2);
	}

	@Test
	void aRecipientDeferredWithA4xxInTheGroupIsDeferredAndTheConnectionStaysUsable() {
		this.server.deferFirst("busy@example.org", 1, 450);
		SmtpSender sender = sender(this.server.port(), true);

		List<SendOutcome> outcomes = inOneSession(sender, "busy@example.org", "busy@example.org");
		SendOutcome deferred = outcomes.get(0);
		SendOutcome next = outcomes.get(1);

		assertThat(deferred.status()).isEqualTo(DeliveryStatus.DEFERRED);
		assertThat(deferred.code()).isEqualTo(450);
		assertThat(next.status()).as("the retry, on the same connection").isEqualTo(DeliveryStatus.SENT);
		assertThat(this.server.attempts("busy@example.org")).isEqualTo(2);
		assertThat(this.server.received()).hasSize(1);
		assertThat(this.server.sessionsEnded()).isZero();
	}

	@Test
	void a421InTheMiddleOfTheGroupDropsTheConnectionAndTheMessageIsTriedOnceMoreOnAFreshOne() {
		this.server.deferEveryone(421);
		SmtpSender sender = sender(this.server.port(), true);

		SendOutcome outcome = send(sender, "reader@example.org");

		assertThat(outcome.status()).isEqualTo(DeliveryStatus.DEFERRED);
		assertThat(outcome.code()).isEqualTo(421);
		assertThat(this.server.attempts("reader@example.org")).as("tried on the first and on a fresh connection")
			.isEqualTo(2);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.sessionsEnded() == 2);

		this.server.acceptEveryone();
		assertThat(send(sender, "reader@example.org").status()).isEqualTo(DeliveryStatus.SENT);
		assertThat(this.server.received()).hasSize(1);
	}

	@Test
	void aConnectionTheRelayClosedWithA421WhileIdleIsReplacedAndTheMessageSentAtOnce() {
		relay(ScriptedSmtpServer.Relay.PLAIN.offeringPipelining().idleTimeout(Duration.ofMillis(300)));
		SmtpSender sender = sender(this.server.port(), true);
		assertThat(send(sender, "first@example.org").status()).isEqualTo(DeliveryStatus.SENT);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.sessionsEnded() >= 1);

		SendOutcome outcome = send(sender, "reader@example.org");

		assertThat(outcome.status()).isEqualTo(DeliveryStatus.SENT);
		assertThat(this.server.received()).hasSize(2);
		assertThat(this.server.groupsReceived()).isEqualTo(2);
	}

	@Test
	void aMessageWhoseDataTheServerTookButNeverAnsweredIsInDoubtAsWithoutPipelining() {
		this.server.stallAfterData(1);
		SmtpSender sender = sender(this.server.port(), true, Duration.ofSeconds(1));

		SendOutcome outcome = send(sender, "reader@example.org");

		assertThat(outcome.status()).isEqualTo(DeliveryStatus.DEAD_LETTERED);
		assertThat(outcome.detail()).startsWith(SmtpSender.IN_DOUBT);
		assertThat(this.server.attempts("reader@example.org")).as("not sent again").isOne();
		this.server.release();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.received().size() == 1);
	}

	@Test
	void aGroupThatFailsBeforeTheDataIsNeverInDoubt() {
		this.server.holdAfter(0);
		SmtpSender sender = sender(this.server.port(), true, Duration.ofSeconds(1));

		SendOutcome outcome = send(sender, "reader@example.org");
		this.server.release();

		assertThat(outcome.status()).as("no reply to RCPT on either connection").isEqualTo(DeliveryStatus.DEFERRED);
		assertThat(outcome.detail()).doesNotContain(SmtpSender.IN_DOUBT);
	}

	private void relay(ScriptedSmtpServer.Relay relay) {
		this.server.close();
		this.server = new ScriptedSmtpServer(relay);
	}

	/** Addresses {@code reader-0@example.org} and on. */
	private static String[] readers(int count) {
		return IntStream.range(0, count).mapToObj((i) -> "reader-" + i + "@example.org").toArray(String[]::new);
	}

	/** Sends one message to each recipient, in order, over one session. */
	private static List<SendOutcome> inOneSession(SmtpSender sender, String... recipients) {
		List<SendOutcome> outcomes = new ArrayList<>();
		try (SmtpSender.SmtpSession session = sender.open()) {
			for (String to : recipients) {
				outcomes.add(session.send(mail(sender, to)));
			}
		}
		return outcomes;
	}

	private SendOutcome send(SmtpSender sender, String to) {
		try (SmtpSender.SmtpSession session = sender.open()) {
			return session.send(mail(sender, to));
		}
	}

	private SmtpSender sender(int port, boolean pipelining) {
		return sender(port, pipelining, Duration.ofSeconds(10));
	}

	private SmtpSender sender(int port, boolean pipelining, Duration readTimeout) {
		return sender(port, pipelining, readTimeout, DkimSigning.none());
	}

	private SmtpSender sender(int port, boolean pipelining, Duration readTimeout, DkimSigning signing) {
		return sender(mail(port), pipelining, readTimeout, signing, null);
	}

	private static SslBundles trusting(TestCertificates certificates) {
		DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry();
		bundles.registerBundle("relay", SslBundle
			.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(certificates.authorityPem()))));
		return bundles;
	}

	private static MailProperties mail(int port) {
		MailProperties mail = new MailProperties();
		mail.setHost("127.0.0.1");
		mail.setPort(port);
		return mail;
	}

	private SmtpSender sender(MailProperties mail, boolean pipelining, Duration readTimeout, DkimSigning signing,
			@Nullable SslBundles bundles) {
		DispatchProperties properties = new DispatchProperties("/test", new DispatchProperties.FanOut(200, 10),
				new DispatchProperties.Mail("alerts@example.org", "Alerts", "alerts.example.org", "https://a.test"),
				new DispatchProperties.Smtp(1, Duration.ofSeconds(5), readTimeout, 0, Duration.ofMinutes(5), false, 0,
						0, Duration.ofSeconds(30), pipelining),
				new TopicReplication((short) 1, 2),
				new DispatchProperties.Listeners(1, 1, Duration.ofMillis(500), 4, Duration.ofSeconds(10)),
				new DispatchProperties.Delivery(3, Duration.ofSeconds(1), 2, Duration.ofMinutes(1),
						Duration.ofMinutes(1), 1));
		SmtpSender sender = new SmtpSender(mail, properties, bundles, RelayQuota.unshared(), signing);
		this.senders.add(sender);
		return sender;
	}

	private static OutgoingMail mail(SmtpSender sender, String to) {
		try {
			// As dispatch builds its messages: one that notes when it is written out.
			MimeMessage message = new StableIdMimeMessage(sender.session(), "<" + UUID.randomUUID() + "@example.org>");
			message.setFrom(new InternetAddress("alerts@example.org"));
			message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
			message.setSubject("Test " + UUID.randomUUID());
			message.setText("Body");
			return new OutgoingMail(SubscriberId.random(), message);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A relay's TLS from the first byte, in front of the scripted server: it ends each
	 * TLS connection and passes the client's bytes on to the server as they come out, so
	 * the server sees the commands grouped as the client wrote them into TLS.
	 */
	private static final class TlsFront implements AutoCloseable {

		private final ServerSocket socket;

		private final int target;

		private final ExecutorService threads = Executors.newCachedThreadPool();

		TlsFront(SSLContext context, int target) throws IOException {
			this.socket = context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
			this.target = target;
			this.threads.submit(this::accept);
		}

		int port() {
			return this.socket.getLocalPort();
		}

		private Void accept() throws IOException {
			while (!this.socket.isClosed()) {
				Socket client = this.socket.accept();
				Socket server = new Socket(InetAddress.getLoopbackAddress(), this.target);
				this.threads.submit(() -> pipe(client.getInputStream(), server.getOutputStream(), server));
				this.threads.submit(() -> pipe(server.getInputStream(), client.getOutputStream(), client));
			}
			return null;
		}

		private static Void pipe(InputStream from, OutputStream to, Socket closing) throws IOException {
			try (closing) {
				byte[] buffer = new byte[32 * 1024];
				for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
					to.write(buffer, 0, n);
					to.flush();
				}
			}
			return null;
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
			this.threads.shutdownNow();
		}

	}

}
