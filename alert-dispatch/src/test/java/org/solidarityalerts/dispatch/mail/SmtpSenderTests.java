package org.solidarityalerts.dispatch.mail;

import java.time.Duration;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;

import org.springframework.boot.mail.autoconfigure.MailProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SMTP sender against a real SMTP server: few connections for many messages, and a
 * rate limit that holds over any second.
 */
class SmtpSenderTests {

	private final ScriptedSmtpServer server = new ScriptedSmtpServer();

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void manyMessagesTravelOverAFewConnectionsKeptOpen() throws Exception {
		SmtpSender sender = sender(2, 0);

		List<DeliveryStatus> outcomes = sendConcurrently(sender, 4, 50);

		assertThat(outcomes).hasSize(200).containsOnly(DeliveryStatus.SENT);
		assertThat(this.server.received()).hasSize(200);
		assertThat(this.server.connectionsUsed()).as("connections for 200 messages").isBetween(1, 2);
		sender.destroy();
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
		sender.destroy();
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
		MailProperties mail = new MailProperties();
		mail.setHost("127.0.0.1");
		mail.setPort(this.server.port());
		DispatchProperties properties = new DispatchProperties("/test", new DispatchProperties.FanOut(200, 10),
				new DispatchProperties.Mail("alerts@example.org", "Alerts", "alerts.example.org", "https://a.test"),
				new DispatchProperties.Smtp(connections, Duration.ofSeconds(5), Duration.ofSeconds(5), maxPerSecond, 0,
						0, Duration.ofSeconds(30)),
				new DispatchProperties.Topics((short) 1, 2), new DispatchProperties.Listeners(1, 1),
				new DispatchProperties.Delivery(3, Duration.ofSeconds(1), 2, Duration.ofMinutes(1),
						Duration.ofMinutes(1), 1));
		return new SmtpSender(mail, properties, RelayQuota.unshared());
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
