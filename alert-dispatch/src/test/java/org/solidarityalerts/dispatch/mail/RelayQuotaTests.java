package org.solidarityalerts.dispatch.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.service.TopicReplication;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;

import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay's quotas held by two dispatch instances together: two senders sharing one
 * MongoDB wire server send to one SMTP server, and together stay within the per-second
 * quota and the connection cap; a slot of an instance that stopped without giving it back
 * is taken over once its lease expires.
 */
class RelayQuotaTests {

	private final ScriptedSmtpServer server = new ScriptedSmtpServer();

	private final MongoServer mongoServer = new MongoServer(new MemoryBackend());

	private final MongoClient client = MongoClients
		.create(this.mongoServer.bindAndGetConnectionString() + "/?serverSelectionTimeoutMS=1000");

	private final MongoTemplate mongo = new MongoTemplate(this.client, "alerts");

	private final List<SmtpSender> senders = new ArrayList<>();

	private final List<RelayQuota> quotas = new ArrayList<>();

	@AfterEach
	void stop() {
		this.senders.forEach(SmtpSender::destroy);
		this.quotas.forEach(RelayQuota::destroy);
		this.client.close();
		this.mongoServer.shutdownNow();
		this.server.close();
	}

	@Test
	void twoInstancesTogetherStayWithinTheSharedQuotaInEverySecond() throws Exception {
		int perSecond = 40;
		int connections = 2;
		SmtpSender first = sender(connections, perSecond, 0, Duration.ofSeconds(30));
		SmtpSender second = sender(connections, perSecond, 0, Duration.ofSeconds(30));

		CompletableFuture<List<DeliveryStatus>> fromFirst = CompletableFuture
			.supplyAsync(() -> sendConcurrently(first, connections, 25));
		CompletableFuture<List<DeliveryStatus>> fromSecond = CompletableFuture
			.supplyAsync(() -> sendConcurrently(second, connections, 25));

		assertThat(fromFirst.get()).hasSize(50).containsOnly(DeliveryStatus.SENT);
		assertThat(fromSecond.get()).hasSize(50).containsOnly(DeliveryStatus.SENT);
		List<Instant> accepted = this.server.acceptedAt();
		// The bucket's burst, and a message in flight on each of both instances'
		// connections (it took its token before the window, and may be accepted in it).
		assertThat(busiestSecond(accepted)).as("messages in the busiest second, from both instances")
			.isLessThanOrEqualTo(perSecond + perSecond / 10 + 2 * connections);
		assertThat(Duration.between(accepted.getFirst(), accepted.getLast()))
			.as("100 messages at 40 per second for both instances together cannot all go in under two seconds")
			.isGreaterThanOrEqualTo(Duration.ofMillis(2_000));
	}

	@Test
	void twoInstancesTogetherNeverHoldMoreConnectionsThanTheCap() throws Exception {
		int cap = 2;
		// Each instance's own pool would allow the cap on its own.
		SmtpSender first = sender(cap, 0, cap, Duration.ofSeconds(6));
		SmtpSender second = sender(cap, 0, cap, Duration.ofSeconds(6));
		this.server.latency(Duration.ofMillis(5));

		CompletableFuture<List<DeliveryStatus>> fromFirst = CompletableFuture
			.supplyAsync(() -> sendConcurrently(first, cap, 20));
		CompletableFuture<List<DeliveryStatus>> fromSecond = CompletableFuture
			.supplyAsync(() -> sendConcurrently(second, cap, 20));

		assertThat(fromFirst.get()).hasSize(40).containsOnly(DeliveryStatus.SENT);
		assertThat(fromSecond.get()).hasSize(40).containsOnly(DeliveryStatus.SENT);
		assertThat(this.server.mostConnectionsAtOnce()).as("connections open at once, from both instances")
			.isBetween(1, cap);
	}

	@Test
	void connectionsLeftIdleGiveTheirSlotsBackToAnotherInstance() {
		int cap = 2;
		SmtpSender busyEarlier = sender(cap, 0, cap, Duration.ofSeconds(3));
		SmtpSender busyNow = sender(cap, 0, cap, Duration.ofSeconds(3));
		this.server.latency(Duration.ofMillis(20));
		assertThat(sendConcurrently(busyEarlier, cap, 5)).containsOnly(DeliveryStatus.SENT);
		assertThat(this.server.connectionsUsed()).as("slots taken by the instance that was busy earlier")
			.isEqualTo(cap);

		List<DeliveryStatus> later = sendConcurrently(busyNow, cap, 5);

		assertThat(later).as("sent once the idle connections gave their slots back")
			.hasSize(10)
			.containsOnly(DeliveryStatus.SENT);
		assertThat(this.server.mostConnectionsAtOnce()).as("connections open at once").isLessThanOrEqualTo(cap);
	}

	@Test
	void aSlotOfAnInstanceThatStoppedWithoutGivingItBackIsTakenOverOnceItsLeaseExpires() {
		Duration stoppedLease = Duration.ofMillis(800);
		ConnectionLeases stopped = new ConnectionLeases(this.mongo, Clock.systemUTC(), relay(), 1, stoppedLease);
		Instant takenAt = Instant.now();
		String stale = stopped.take();
		assertThat(stale).as("the stopped instance's lease").isNotNull();
		SmtpSender survivor = sender(1, 0, 1, Duration.ofSeconds(5));

		DeliveryStatus status;
		try (SmtpSender.SmtpSession session = survivor.open()) {
			status = session.send(mail(survivor)).status();
		}

		assertThat(status).isEqualTo(DeliveryStatus.SENT);
		assertThat(Duration.between(takenAt, this.server.acceptedAt().getFirst()))
			.as("the survivor waited for the stopped instance's lease to expire")
			.isGreaterThanOrEqualTo(stoppedLease);
		assertThat(stopped.renew(List.of(stale))).as("the stopped instance's lease, once taken over").isZero();
		stopped.release(stale);
		assertThat(stopped.take()).as("a late release does not free the slot the survivor holds").isNull();
	}

	@Test
	void aSlotGivenBackIsFreeAtOnceAndHeldSlotsAreRenewed() {
		ConnectionLeases one = new ConnectionLeases(this.mongo, Clock.systemUTC(), relay(), 1, Duration.ofSeconds(1));
		ConnectionLeases other = new ConnectionLeases(this.mongo, Clock.systemUTC(), relay(), 1, Duration.ofSeconds(1));
		String lease = one.take();
		assertThat(lease).isNotNull();
		assertThat(other.take()).as("the only slot is taken").isNull();
		Instant until = Instant.now().plusMillis(1_500);
		await().atMost(Duration.ofSeconds(3)).until(() -> {
			assertThat(one.renew(List.of(lease))).isOne();
			return Instant.now().isAfter(until);
		});
		assertThat(other.take()).as("a renewed lease outlives its first expiry").isNull();

		one.release(lease);

		assertThat(other.take()).as("a slot given back").isNotNull();
	}

	@Test
	void aMessageIsDeferredUnsentWhenTheSharedQuotaCannotBeRead() {
		SmtpSender sender = sender(1, 40, 0, Duration.ofSeconds(30));
		this.mongoServer.shutdownNow();

		SendOutcome outcome;
		try (SmtpSender.SmtpSession session = sender.open()) {
			outcome = session.send(mail(sender));
		}

		assertThat(outcome.status()).isEqualTo(DeliveryStatus.DEFERRED);
		assertThat(outcome.detail()).isEqualTo(RelayQuota.UNREADABLE);
		assertThat(this.server.received()).isEmpty();
	}

	private static int busiestSecond(List<Instant> accepted) {
		int busiest = 0;
		for (int i = 0; i < accepted.size(); i++) {
			Instant windowEnd = accepted.get(i).plusSeconds(1);
			int inWindow = 0;
			for (int j = i; j < accepted.size() && accepted.get(j).isBefore(windowEnd); j++) {
				inWindow++;
			}
			busiest = Math.max(busiest, inWindow);
		}
		return busiest;
	}

	private static List<DeliveryStatus> sendConcurrently(SmtpSender sender, int threads, int perThread) {
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
			return runs.stream().flatMap((run) -> run.join().stream()).toList();
		}
	}

	private String relay() {
		return "127.0.0.1:" + this.server.port();
	}

	private SmtpSender sender(int connections, int sharedMaxPerSecond, int sharedMaxConnections, Duration lease) {
		MailProperties mail = new MailProperties();
		mail.setHost("127.0.0.1");
		mail.setPort(this.server.port());
		DispatchProperties properties = new DispatchProperties("/test", new DispatchProperties.FanOut(200, 10),
				new DispatchProperties.Mail("alerts@example.org", "Alerts", "alerts.example.org", "https://a.test"),
				new DispatchProperties.Smtp(connections, Duration.ofSeconds(5), Duration.ofSeconds(5), 0,
						Duration.ofSeconds(15), false, sharedMaxPerSecond, sharedMaxConnections, lease, true),
				new TopicReplication((short) 1, 2),
				new DispatchProperties.Listeners(1, 1, Duration.ofMillis(500), 4, Duration.ofSeconds(10)),
				new DispatchProperties.Delivery(3, Duration.ofSeconds(1), 2, Duration.ofMinutes(1),
						Duration.ofMinutes(1), 1));
		RelayQuota quota = new RelayQuota(properties, mail, this.mongo, Clock.systemUTC());
		this.quotas.add(quota);
		SmtpSender sender = new SmtpSender(mail, properties, null, quota, DkimSigning.none());
		this.senders.add(sender);
		return sender;
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
