package org.solidarityalerts.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
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
import org.jspecify.annotations.Nullable;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.SessionHandler;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * A real SMTP server (SubEthaSMTP) whose replies a test scripts per recipient: accept,
 * defer with a 4xx for the first few attempts, or refuse with a 5xx. It records each
 * accepted message with its envelope sender and counts every attempt. Like a real relay
 * it can close connections left idle ({@link Relay#idleTimeout()}), offer or require
 * STARTTLS, speak TLS from the first byte, and require a login. Import
 * {@link Configuration} together with {@link TestInfrastructure.Data}.
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

	private final AtomicInteger sessionsOpen = new AtomicInteger();

	private final AtomicInteger sessionsEnded = new AtomicInteger();

	private final AtomicInteger mostOpen = new AtomicInteger();

	private volatile long latencyMillis;

	private final Map<SocketAddress, RecordingSocket> recordings = new ConcurrentHashMap<>();

	private final AtomicInteger groupsReceived = new AtomicInteger();

	private final AtomicInteger commandsAhead = new AtomicInteger();

	private final AtomicInteger transactions = new AtomicInteger();

	/**
	 * How long a server offering PIPELINING waits for a transaction's RCPT and DATA
	 * before it answers MAIL.
	 */
	public static final Duration PIPELINED_GROUP_WAIT = Duration.ofSeconds(5);

	/**
	 * Starts a server on a free loopback port that keeps idle connections open for a
	 * minute, speaks plain SMTP and needs no login.
	 */
	public ScriptedSmtpServer() {
		this(Relay.PLAIN);
	}

	/**
	 * Starts a server on a free loopback port that behaves like the given relay.
	 * @param relay how it treats idle connections, TLS and logins
	 */
	public ScriptedSmtpServer(Relay relay) {
		SMTPServer.Builder builder = SMTPServer.port(0)
			.bindAddress(InetAddress.getLoopbackAddress())
			.hostName("scripted.test")
			.messageHandlerFactory(Handler::new)
			.connectionTimeout((int) relay.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.sessionHandler(new Sessions());
		switch (relay.tls()) {
			case NONE -> builder.serverSocketFactory(() -> new RecordingServerSocket(relay.pipelining()));
			case STARTTLS -> builder.enableTLS().startTlsSocketFactory(relay.certificates().serverContext());
			case STARTTLS_REQUIRED ->
				builder.enableTLS().requireTLS().startTlsSocketFactory(relay.certificates().serverContext());
			case IMPLICIT -> builder.serverSocketFactory(relay.certificates().serverContext());
		}
		if (relay.username() != null) {
			builder.requireAuth()
				.authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((user, password, context) -> {
					if (!relay.username().equals(user) || !relay.password().equals(password)) {
						throw new LoginFailedException();
					}
				}));
		}
		try {
			this.server = builder.build();
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
	 * How many transactions (MAIL commands) the server saw over plain SMTP.
	 * @return MAIL commands received
	 */
	public int transactions() {
		return this.transactions.get();
	}

	/**
	 * How many transactions arrived as one pipelined group: the RCPT and DATA commands
	 * had been received before the server answered MAIL. Counted over plain SMTP.
	 * @return MAIL commands answered after their whole group had arrived
	 */
	public int groupsReceived() {
		return this.groupsReceived.get();
	}

	/**
	 * How many MAIL commands had more commands behind them before the server answered:
	 * zero for a client that waits for each reply. Counted over plain SMTP.
	 * @return MAIL commands the client did not wait on
	 */
	public int commandsAheadOfReplies() {
		return this.commandsAhead.get();
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
	 * How many client connections are open now.
	 * @return open SMTP sessions
	 */
	public int sessionsOpen() {
		return this.sessionsOpen.get();
	}

	/**
	 * The most client connections that were open at once.
	 * @return the peak of open connections since the server started
	 */
	public int mostConnectionsAtOnce() {
		return this.mostOpen.get();
	}

	/**
	 * How many client connections have ended, whoever closed them (the client's QUIT, or
	 * this server after {@link Relay#idleTimeout()}).
	 * @return ended SMTP sessions
	 */
	public int sessionsEnded() {
		return this.sessionsEnded.get();
	}

	/**
	 * The envelope sender (MAIL FROM) of the messages accepted for a recipient, in order.
	 * @param address the recipient
	 * @return their envelope senders
	 */
	public List<String> envelopeSenders(String address) {
		return this.accepted.stream()
			.filter((accepted) -> accepted.recipient().equals(key(address)))
			.map(Accepted::from)
			.toList();
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
		this.groupsReceived.set(0);
		this.commandsAhead.set(0);
		this.transactions.set(0);

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

	private record Accepted(String recipient, String from, MimeMessage message, Instant at) {
	}

	/**
	 * How a relay treats its clients.
	 *
	 * @param idleTimeout how long a connection may stay idle before the server answers
	 * 421 and closes it (Postfix: 300 s; many providers: 30 to 60 s)
	 * @param tls whether and how it speaks TLS
	 * @param certificates the certificates it presents, if it speaks TLS
	 * @param username the login it requires, if any
	 * @param password the password of that login
	 * @param pipelining whether it offers PIPELINING (RFC 2920) in its reply to EHLO
	 * (plain SMTP only)
	 */
	public record Relay(Duration idleTimeout, Tls tls, @Nullable TestCertificates certificates,
			@Nullable String username, @Nullable String password, boolean pipelining) {

		/** Plain SMTP, no login, idle connections closed after a minute. */
		public static final Relay PLAIN = new Relay(Duration.ofMinutes(1), Tls.NONE, null, null, null, false);

		/**
		 * The same relay, offering PIPELINING: it answers a MAIL command only once the
		 * transaction's RCPT and DATA commands have arrived too (waiting up to
		 * {@link #PIPELINED_GROUP_WAIT} for them), so a client that waits for each reply
		 * is slow and seen not to pipeline ({@link #groupsReceived()}).
		 * @return the relay
		 */
		public Relay offeringPipelining() {
			if (this.tls != Tls.NONE) {
				throw new IllegalArgumentException("The scripted server offers PIPELINING over plain SMTP only");
			}
			return new Relay(this.idleTimeout, this.tls, this.certificates, this.username, this.password, true);
		}

		/**
		 * The same relay, closing idle connections after the given time.
		 * @param timeout the idle time allowed
		 * @return the relay
		 */
		public Relay idleTimeout(Duration timeout) {
			return new Relay(timeout, this.tls, this.certificates, this.username, this.password, this.pipelining);
		}

		/**
		 * The same relay, speaking TLS.
		 * @param tls how
		 * @param certificates what it presents
		 * @return the relay
		 */
		public Relay tls(Tls tls, TestCertificates certificates) {
			return new Relay(this.idleTimeout, tls, certificates, this.username, this.password, this.pipelining);
		}

		/**
		 * The same relay, requiring a login.
		 * @param username the user
		 * @param password the password
		 * @return the relay
		 */
		public Relay login(String username, String password) {
			return new Relay(this.idleTimeout, this.tls, this.certificates, username, password, this.pipelining);
		}

	}

	/**
	 * How a relay speaks TLS.
	 */
	public enum Tls {

		/** Plain SMTP only. */
		NONE,

		/** STARTTLS offered, plain SMTP allowed. */
		STARTTLS,

		/** STARTTLS offered and required before any mail. */
		STARTTLS_REQUIRED,

		/** TLS from the first byte (SMTPS, port 465). */
		IMPLICIT

	}

	private final class Sessions implements SessionHandler {

		@Override
		public SessionAcceptance accept(org.subethamail.smtp.server.Session session) {
			ScriptedSmtpServer.this.mostOpen.accumulateAndGet(ScriptedSmtpServer.this.sessionsOpen.incrementAndGet(),
					Math::max);
			return SessionAcceptance.success();
		}

		@Override
		public void onSessionEnd(org.subethamail.smtp.server.Session session) {
			ScriptedSmtpServer.this.recordings.remove(session.getRemoteAddress());
			ScriptedSmtpServer.this.sessionsOpen.decrementAndGet();
			ScriptedSmtpServer.this.sessionsEnded.incrementAndGet();
		}

	}

	/**
	 * Hands out {@link RecordingSocket}s.
	 */
	private final class RecordingServerSocket extends ServerSocket {

		private final boolean pipelining;

		RecordingServerSocket(boolean pipelining) throws IOException {
			this.pipelining = pipelining;
		}

		@Override
		public Socket accept() throws IOException {
			RecordingSocket socket = new RecordingSocket(this.pipelining);
			implAccept(socket);
			ScriptedSmtpServer.this.recordings.put(socket.getRemoteSocketAddress(), socket);
			return socket;
		}

	}

	/**
	 * A client's plain connection whose input the server records, to tell how the
	 * client's commands arrived; offering PIPELINING, it adds the extension to the reply
	 * to EHLO and can read ahead for the rest of a transaction's group.
	 */
	private final class RecordingSocket extends Socket {

		private final boolean pipelining;

		private final Object lock = new Object();

		/**
		 * What the client sent since its last MAIL command (before that, since it
		 * connected).
		 */
		private final StringBuilder received = new StringBuilder();

		/** Bytes read ahead of the server, to hand it before reading more. */
		private byte[] ahead = new byte[0];

		private @Nullable InputStream input;

		private @Nullable OutputStream output;

		RecordingSocket(boolean pipelining) {
			this.pipelining = pipelining;
		}

		@Override
		public InputStream getInputStream() throws IOException {
			synchronized (this.lock) {
				if (this.input == null) {
					InputStream raw = super.getInputStream();
					this.input = new InputStream() {

						@Override
						public int read() throws IOException {
							byte[] one = new byte[1];
							int n = read(one, 0, 1);
							return (n < 0) ? -1 : (one[0] & 0xff);
						}

						@Override
						public int read(byte[] buffer, int offset, int length) throws IOException {
							synchronized (RecordingSocket.this.lock) {
								if (RecordingSocket.this.ahead.length > 0) {
									int n = Math.min(length, RecordingSocket.this.ahead.length);
									System.arraycopy(RecordingSocket.this.ahead, 0, buffer, offset, n);
									RecordingSocket.this.ahead = java.util.Arrays
										.copyOfRange(RecordingSocket.this.ahead, n, RecordingSocket.this.ahead.length);
									return n;
								}
							}
							int n = raw.read(buffer, offset, length);
							if (n > 0) {
								record(buffer, offset, n);
							}
							return n;
						}

					};
				}
				return this.input;
			}
		}

		@Override
		public OutputStream getOutputStream() throws IOException {
			synchronized (this.lock) {
				if (this.output == null) {
					OutputStream raw = super.getOutputStream();
					this.output = new java.io.FilterOutputStream(new java.io.ByteArrayOutputStream()) {

						@Override
						public void write(byte[] bytes, int offset, int length) {
							((java.io.ByteArrayOutputStream) this.out).write(bytes, offset, length);
						}

						@Override
						public void flush() throws IOException {
							java.io.ByteArrayOutputStream pending = (java.io.ByteArrayOutputStream) this.out;
							String reply = pending.toString(StandardCharsets.ISO_8859_1);
							pending.reset();
							raw.write(rewrite(reply).getBytes(StandardCharsets.ISO_8859_1));
							raw.flush();
						}

					};
				}
				return this.output;
			}
		}

		private String rewrite(String reply) {
			if (this.pipelining && reply.startsWith("250-") && reply.endsWith("\r\n250 Ok\r\n")) {
				return reply.substring(0, reply.length() - "250 Ok\r\n".length()) + "250-PIPELINING\r\n250 Ok\r\n";
			}
			return reply;
		}

		private void record(byte[] buffer, int offset, int length) {
			synchronized (this.lock) {
				this.received.append(new String(buffer, offset, length, StandardCharsets.ISO_8859_1));
			}
		}

		/**
		 * Called as the server is about to answer MAIL: notes how the client's commands
		 * arrived, waiting for the rest of the group if the server offers PIPELINING.
		 */
		void mailReceived() {
			ScriptedSmtpServer.this.transactions.incrementAndGet();
			String group;
			synchronized (this.lock) {
				int mail = this.received.toString().toUpperCase(Locale.ROOT).lastIndexOf("MAIL FROM:");
				this.received.delete(0, Math.max(0, mail));
				group = this.received.toString();
			}
			if (this.pipelining) {
				group = awaitGroup(group);
			}
			int endOfMail = group.indexOf("\r\n");
			if (endOfMail >= 0 && group.length() > endOfMail + 2) {
				ScriptedSmtpServer.this.commandsAhead.incrementAndGet();
			}
			if (group.toUpperCase(Locale.ROOT).contains("\r\nDATA\r\n")) {
				ScriptedSmtpServer.this.groupsReceived.incrementAndGet();
			}
		}

		private String awaitGroup(String group) {
			long deadline = System.nanoTime() + PIPELINED_GROUP_WAIT.toNanos();
			byte[] chunk = new byte[8192];
			try {
				int timeout = getSoTimeout();
				try {
					while (!group.toUpperCase(Locale.ROOT).contains("\r\nDATA\r\n")) {
						long left = deadline - System.nanoTime();
						if (left <= 0) {
							break;
						}
						setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
						int n = super.getInputStream().read(chunk);
						if (n < 0) {
							break;
						}
						synchronized (this.lock) {
							byte[] more = java.util.Arrays.copyOf(this.ahead, this.ahead.length + n);
							System.arraycopy(chunk, 0, more, this.ahead.length, n);
							this.ahead = more;
							this.received.append(new String(chunk, 0, n, StandardCharsets.ISO_8859_1));
							group = this.received.toString();
						}
					}
				}
				finally {
					setSoTimeout(timeout);
				}
			}
			catch (IOException ex) {
				// A client that did not send its group in time: counted as not pipelined.
			}
			return group;
		}

	}

	private final class Handler implements MessageHandler {

		private String recipient = "";

		private String from = "";

		private final String connection;

		private final @Nullable RecordingSocket recording;

		Handler(MessageContext context) {
			this.connection = String.valueOf(context.getRemoteAddress());
			this.recording = ScriptedSmtpServer.this.recordings.get(context.getRemoteAddress());
		}

		@Override
		public void from(String from) {
			this.from = from;
			if (this.recording != null) {
				this.recording.mailReceived();
			}
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

	/**
	 * Points {@code spring.mail.*} at a scripted server that offers PIPELINING (RFC
	 * 2920), as Postfix does, and answers MAIL only once the transaction's RCPT and DATA
	 * arrived.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	public static class PipeliningConfiguration {

		@Bean(destroyMethod = "close")
		ScriptedSmtpServer scriptedSmtpServer() {
			return new ScriptedSmtpServer(Relay.PLAIN.offeringPipelining());
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
