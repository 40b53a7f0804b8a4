package org.solidarityalerts.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * A real SMTP server (SubEthaSMTP) whose replies a test scripts per recipient: accept,
 * defer with a 4xx for the first few attempts, or refuse with a 5xx. It records each
 * accepted message and counts every attempt. Import {@link Configuration} together with
 * {@link TestInfrastructure.Data}.
 */
public final class ScriptedSmtpServer implements Mailbox, AutoCloseable {

	private final SMTPServer server;

	private final Map<String, Script> scripts = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

	private final List<Accepted> accepted = new CopyOnWriteArrayList<>();

	private final Set<String> connections = ConcurrentHashMap.newKeySet();

	private final AtomicReference<Gate> gate = new AtomicReference<>(Gate.OPEN);

	private final AtomicInteger everyone = new AtomicInteger();

	private final AtomicInteger stalls = new AtomicInteger();

	private final AtomicInteger held = new AtomicInteger();

	private volatile long latencyMillis;

	/**
	 * Starts a server on a free loopback port.
	 */
	public ScriptedSmtpServer() {
		try {
			this.server = SMTPServer.port(0)
				.bindAddress(InetAddress.getLoopbackAddress())
				.hostName("scripted.test")
				.messageHandlerFactory(Handler::new)
				.build();
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.start();
	}

	/**
	 * The port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.getPortAllocated();
	}

	/**
	 * Defers a recipient's first attempts with a 4xx reply, then accepts.
	 * @param address the recipient
	 * @param times how many attempts to defer
	 * @param code the 4xx reply code, e.g. 451
	 */
	public void deferFirst(String address, int times, int code) {
		this.scripts.put(key(address), new Script(times, code));
	}

	/**
	 * Refuses a recipient for good.
	 * @param address the recipient
	 * @param code the 5xx reply code, e.g. 550
	 */
	public void refuse(String address, int code) {
		this.scripts.put(key(address), new Script(Integer.MAX_VALUE, code));
	}

	/**
	 * Answers every recipient with a 4xx reply (e.g. 421 or 451) until
	 * {@link #acceptEveryone()}: a server that is having a bad time.
	 * @param code the reply code
	 */
	public void deferEveryone(int code) {
		this.everyone.set(code);
	}

	/**
	 * Ends {@link #deferEveryone(int)}.
	 */
	public void acceptEveryone() {
		this.everyone.set(0);
	}

	/**
	 * Once {@code accepted} messages have been accepted, keeps every further client
	 * waiting after its RCPT command until {@link #release()}: the moment to pull the
	 * plug on a sender in the middle of its work.
	 * @param accepted messages to accept before holding
	 */
	public void holdAfter(int accepted) {
		this.gate.set(new Gate(accepted, new CountDownLatch(1), false));
	}

	/**
	 * Receives the next {@code times} messages in full, then stalls before the reply to
	 * DATA until {@link #release()}, and only then accepts them: a server that takes the
	 * message but answers after the sender's read timeout.
	 * @param times how many messages to stall on
	 */
	public void stallAfterData(int times) {
		this.stalls.set(times);
		this.gate.set(new Gate(Integer.MAX_VALUE, new CountDownLatch(1), true));
	}

	/**
	 * Takes this long to answer each DATA: a server under load, so a test can see work
	 * spread over time.
	 * @param latency the delay before each reply to DATA
	 */
	public void latency(java.time.Duration latency) {
		this.latencyMillis = latency.toMillis();
	}

	/**
	 * Lets held or stalled clients go on, and stops holding.
	 */
	public void release() {
		this.gate.getAndSet(Gate.OPEN).latch().countDown();
	}

	/**
	 * How many clients are being held or stalled right now.
	 * @return clients waiting for {@link #release()}
	 */
	public int held() {
		return this.held.get();
	}

	/**
	 * How many times the recipient was tried.
	 * @param address the recipient
	 * @return RCPT commands received for it
	 */
	public int attempts(String address) {
		AtomicInteger count = this.attempts.get(key(address));
		return (count != null) ? count.get() : 0;
	}

	/**
	 * How many SMTP connections delivered the accepted messages.
	 * @return distinct client connections (by remote address and port)
	 */
	public int connectionsUsed() {
		return this.connections.size();
	}

	@Override
	public List<MimeMessage> received() {
		return this.accepted.stream().map(Accepted::message).toList();
	}

	@Override
	public void clear() {
		this.accepted.clear();
		this.attempts.clear();
		this.scripts.clear();
		this.connections.clear();
		acceptEveryone();
		release();
		this.latencyMillis = 0;
	}

	@Override
	public void close() {
		release();
		this.server.stop();
	}

	private static String key(String address) {
		return address.toLowerCase(Locale.ROOT);
	}

	private void waitAt(Gate gate) {
		this.held.incrementAndGet();
		try {
			// A server thread waiting for the test; bounded so a forgotten release cannot
			// keep the JVM alive.
			gate.latch().await(2, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.held.decrementAndGet();
		}
	}

	private record Script(int times, int code) {
	}

	/**
	 * When each message was accepted, in order.
	 * @return the acceptance times
	 */
	public List<Instant> acceptedAt() {
		return this.accepted.stream().map(Accepted::at).toList();
	}

	private record Gate(int after, CountDownLatch latch, boolean stall) {

		static final Gate OPEN = new Gate(Integer.MAX_VALUE, new CountDownLatch(0), false);

	}

	/**
	 * The envelope senders (SMTP {@code MAIL FROM}) of the messages accepted for a
	 * recipient, in order.
	 * @param address the recipient
	 * @return the reverse paths, without angle brackets
	 */
	public List<String> envelopeSenders(String address) {
		return this.accepted.stream()
			.filter((accepted) -> accepted.recipient().equals(key(address)))
			.map(Accepted::from)
			.toList();
	}

	private record Accepted(String recipient, String from, MimeMessage message, Instant at) {
	}

	private final class Handler implements MessageHandler {

		private String recipient = "";

		private String from = "";

		private final String connection;

		Handler(MessageContext context) {
			this.connection = String.valueOf(context.getRemoteAddress());
		}

		@Override
		public void from(String from) {
			this.from = from;
		}

		@Override
		public void recipient(String address) throws RejectException {
			String key = key(address);
			int attempt = ScriptedSmtpServer.this.attempts.computeIfAbsent(key, (k) -> new AtomicInteger())
				.incrementAndGet();
			Script script = ScriptedSmtpServer.this.scripts.get(key);
			if (script != null && attempt <= script.times()) {
				throw new RejectException(script.code(), "scripted reply");
			}
			int everyone = ScriptedSmtpServer.this.everyone.get();
			if (everyone != 0) {
				throw new RejectException(everyone, "scripted reply to everyone");
			}
			Gate gate = ScriptedSmtpServer.this.gate.get();
			if (!gate.stall() && ScriptedSmtpServer.this.accepted.size() >= gate.after()) {
				waitAt(gate);
			}
			this.recipient = key;
			ScriptedSmtpServer.this.connections.add(this.connection);
		}

		@Override
		public String data(InputStream data) throws IOException {
			byte[] raw = data.readAllBytes();
			long latency = ScriptedSmtpServer.this.latencyMillis;
			if (latency > 0) {
				try {
					// The server's simulated processing time, not a test waiting.
					new CountDownLatch(1).await(latency, TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			Gate gate = ScriptedSmtpServer.this.gate.get();
			if (gate.stall() && ScriptedSmtpServer.this.stalls.getAndDecrement() > 0) {
				waitAt(gate);
			}
			try {
				ScriptedSmtpServer.this.accepted.add(new Accepted(this.recipient, this.from,
						new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)),
						Instant.now()));
			}
			catch (MessagingException ex) {
				throw new IOException(ex);
			}
			return null;
		}

		@Override
		public void done() {
		}

	}

	/**
	 * Points {@code spring.mail.*} at a scripted server for the test's context.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	public static class Configuration {

		@Bean(destroyMethod = "close")
		ScriptedSmtpServer scriptedSmtpServer() {
			return new ScriptedSmtpServer();
		}

		@Bean
		DynamicPropertyRegistrar scriptedSmtpProperties(ScriptedSmtpServer scriptedSmtpServer) {
			return (registry) -> {
				registry.add("spring.mail.host", () -> "127.0.0.1");
				registry.add("spring.mail.port", scriptedSmtpServer::port);
			};
		}

	}

}
