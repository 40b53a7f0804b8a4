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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

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

	private volatile Duration delay = Duration.ZERO;

	private final Set<String> connections = ConcurrentHashMap.newKeySet();

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
	 * Makes the server slow: each accepted message takes this long to acknowledge, as a
	 * loaded server's would.
	 * @param perMessage the delay, or zero for none
	 */
	public void slowDown(Duration perMessage) {
		this.delay = perMessage;
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
		this.delay = Duration.ZERO;
		this.connections.clear();
	}

	@Override
	public void close() {
		this.server.stop();
	}

	private static String key(String address) {
		return address.toLowerCase(Locale.ROOT);
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

	private record Accepted(String recipient, MimeMessage message, Instant at) {
	}

	private final class Handler implements MessageHandler {

		private String recipient = "";

		private final String connection;

		Handler(MessageContext context) {
			this.connection = String.valueOf(context.getRemoteAddress());
		}

		@Override
		public void from(String from) {
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
			this.recipient = key;
			ScriptedSmtpServer.this.connections.add(this.connection);
		}

		@Override
		public String data(InputStream data) throws IOException {
			byte[] raw = data.readAllBytes();
			if (!ScriptedSmtpServer.this.delay.isZero()) {
				// The server under simulation is slow to acknowledge: hold this session's
				// reply, as it would.
				LockSupport.parkNanos(ScriptedSmtpServer.this.delay.toNanos());
			}
			try {
				ScriptedSmtpServer.this.accepted.add(new Accepted(this.recipient,
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
