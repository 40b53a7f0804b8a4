package org.solidarityalerts.dispatch.mail;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.Bucket;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.dispatch.DispatchProperties;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Sends messages over SMTP connections that stay open across batches: no connection per
 * message and no probe between messages. At most {@code alert.dispatch.smtp.connections}
 * connections are open at once.
 * <p>
 * Relays close connections left idle (Postfix after 300 s, many providers after 30 to 60
 * s), so a connection idle longer than {@code alert.dispatch.smtp.max-idle} is closed
 * instead of used, and a connection that fails before the server has taken a message's
 * data (connecting, the greeting, MAIL, RCPT, the DATA command) is replaced by a fresh
 * one on which the message is tried again at once: an urgent action after a quiet spell
 * goes out as fast as on a warm connection. Only when the fresh connection fails too is
 * the message deferred, and with it the rest of the session's messages, so a dead server
 * costs one timeout per batch, not one per message. A failure after the server has taken
 * the data leaves the message in doubt.
 * <p>
 * The relay is reached as {@code spring.mail.*} says: {@code protocol} {@code smtps} or
 * {@code ssl.enabled} for TLS from the first byte (port 465), an SSL bundle to trust a
 * private authority, STARTTLS used when offered and required when credentials are set (or
 * {@code alert.dispatch.smtp.require-tls}), the server's certificate and name always
 * verified.
 * <p>
 * Where the relay offers PIPELINING (RFC 2920) and {@code alert.dispatch.smtp.pipelining}
 * is on, each message's MAIL, RCPT and DATA go as one group
 * ({@link PipeliningTransport}): two round trips per message instead of four.
 */
@Component
public class SmtpSender implements DisposableBean {

	/**
	 * How the detail of a delivery that may or may not have been delivered begins.
	 */
	public static final String IN_DOUBT = "in doubt: the connection failed after the SMTP server took the message";

	private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

	private static final Logger logger = LoggerFactory.getLogger(SmtpSender.class);

	static {
		// Jakarta Mail 2.1 looks its stream provider up with a ServiceLoader (a scan of
		// every jar on the class path) for each message it encodes; naming the provider
		// spares that (jakartaee/mail-api#861). It took a seventh of dispatch's CPU time
		// in the benchmark's profile (docs/benchmarks.md).
		if (System.getProperty(STREAM_PROVIDER) == null) {
			System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
		}
	}

	private final Session session;

	private final Session utf8Session;

	private final String protocol;

	private final MailProperties mail;

	private final long maxIdleNanos;

	private final Semaphore permits;

	private final LinkedBlockingDeque<Transport> idle = new LinkedBlockingDeque<>();

	/** When each pooled connection was last given back, by {@link System#nanoTime()}. */
	private final Map<Transport, Long> idleSince = Collections.synchronizedMap(new WeakHashMap<>());

	private final @Nullable Bucket rate;

	private final AtomicLong opened = new AtomicLong();

	private final RelayStatus status;

	private final RelayQuota quota;

	private final DkimSigning signing;

	private final boolean pipelining;

	private final WriteTimeouts writeTimeouts = new WriteTimeouts();

	SmtpSender(MailProperties mail, DispatchProperties properties, @Nullable SslBundles sslBundles, RelayQuota quota,
			DkimSigning signing) {
		this.mail = mail;
		this.quota = quota;
		this.signing = signing;
		this.pipelining = properties.smtp().pipelining();
		this.protocol = StringUtils.hasLength(mail.getProtocol()) ? mail.getProtocol() : "smtp";
		boolean implicitTls = mail.getSsl().isEnabled() || "smtps".equals(this.protocol);
		boolean credentials = StringUtils.hasLength(mail.getUsername());
		boolean requireStartTls = !implicitTls && (credentials || properties.smtp().requireTls());
		Properties settings = settings(mail, properties, sslBundles, implicitTls, requireStartTls);
		this.writeTimeouts.applyTo(settings, this.protocol);
		this.session = Session.getInstance(settings);
		Properties utf8 = new Properties();
		utf8.putAll(settings);
		utf8.setProperty("mail.mime.allowutf8", "true");
		this.utf8Session = Session.getInstance(utf8);
		this.maxIdleNanos = properties.smtp().maxIdle().toNanos();
		this.permits = new Semaphore(properties.smtp().connections());
		// A token bucket with a burst of a tenth of a second's worth: no second-long
		// window sees more than 1.1 times the rate, close to a sliding window without
		// its bookkeeping.
		int perSecond = properties.smtp().maxPerSecond();
		this.rate = (perSecond > 0) ? Bucket.builder()
			.addLimit((limit) -> limit.capacity(Math.max(1, perSecond / 10))
				.refillGreedy(perSecond, Duration.ofSeconds(1)))
			.build() : null;
		String security = implicitTls ? "TLS from the first byte" : requireStartTls
				? "STARTTLS required" + (credentials ? " (credentials are set)" : "") : "STARTTLS when offered";
		this.status = new RelayStatus(mail.getHost() + ":" + port(mail), security);
		logger.info("SMTP relay {}:{} over {}: {}, the server's certificate and name verified", mail.getHost(),
				port(mail), this.protocol, security);
	}

	private static Properties settings(MailProperties mail, DispatchProperties properties,
			@Nullable SslBundles sslBundles, boolean implicitTls, boolean requireStartTls) {
		String protocol = StringUtils.hasLength(mail.getProtocol()) ? mail.getProtocol() : "smtp";
		String prefix = "mail." + protocol + ".";
		Properties settings = new Properties();
		settings.put(prefix + "host", mail.getHost());
		settings.put(prefix + "port", Integer.toString(port(mail)));
		settings.put(prefix + "connectiontimeout", Long.toString(properties.smtp().connectTimeout().toMillis()));
		settings.put(prefix + "timeout", Long.toString(properties.smtp().readTimeout().toMillis()));
		// Enforced for all connections by one thread (WriteTimeouts), not one each.
		settings.put(prefix + "writetimeout", Long.toString(properties.smtp().readTimeout().toMillis()));
		settings.put(prefix + "quitwait", "false");
		settings.putAll(mail.getProperties());
		// As Spring Boot's own mail sender reads spring.mail.ssl.*.
		if (mail.getSsl().isEnabled()) {
			settings.setProperty(prefix + "ssl.enable", "true");
		}
		settings.setProperty(prefix + "ssl.checkserveridentity", Boolean.toString(mail.getSsl().isVerifyHostname()));
		String bundle = mail.getSsl().getBundle();
		if (StringUtils.hasLength(bundle)) {
			if (sslBundles == null) {
				throw new IllegalStateException("spring.mail.ssl.bundle is set but there are no SSL bundles");
			}
			settings.put(prefix + "ssl.socketFactory",
					sslBundles.getBundle(bundle).createSslContext().getSocketFactory());
		}
		if (!implicitTls) {
			settings.setProperty(prefix + "starttls.enable", "true");
			settings.setProperty(prefix + "starttls.required", Boolean.toString(requireStartTls));
		}
		if (StringUtils.hasLength(mail.getUsername())) {
			settings.setProperty(prefix + "auth", "true");
		}
		return settings;
	}

	/**
	 * The mail session messages are created in.
	 * @return the session
	 */
	public Session session() {
		return this.session;
	}

	/**
	 * What the last connection to the relay found.
	 * @return the relay's status
	 */
	public RelayStatus relay() {
		return this.status;
	}

	/**
	 * Opens a sending session over one SMTP connection, waiting for a free one if all are
	 * busy.
	 * @return the session; close it to give the connection back
	 */
	public SmtpSession open() {
		this.permits.acquireUninterruptibly();
		return new SmtpSession();
	}

	/**
	 * Connects to the relay once, if nothing has yet, so its status and extensions are
	 * known (for example whether it takes internationalised mailboxes).
	 * @return the relay's status after the attempt
	 */
	public RelayStatus probe() {
		if (this.status.checkedAt() == null) {
			try (SmtpSession session = open()) {
				session.connection();
			}
		}
		return this.status;
	}

	/**
	 * A pooled connection or a fresh one; null if none could be made.
	 */
	private @Nullable Transport borrow() {
		Transport pooled;
		long now = System.nanoTime();
		while ((pooled = this.idle.pollFirst()) != null) {
			Long since = this.idleSince.remove(pooled);
			if (since != null && now - since <= this.maxIdleNanos) {
				return pooled;
			}
			// Most relays have closed it by now; saying QUIT costs nothing if they have.
			discard(pooled);
		}
		RelayQuota.Slot slot = this.quota.slot(this.idle);
		if (slot.idle() != null || !slot.granted()) {
			return slot.idle();
		}
		return connect(this.session, slot);
	}

	private @Nullable Transport connect(Session from, RelayQuota.@Nullable Slot slot) {
		try {
			Transport fresh = new PipeliningTransport(from, this.protocol, this.pipelining);
			if (slot != null) {
				slot.holdFor(fresh, this.idle);
			}
			fresh.connect(this.mail.getHost(), port(this.mail), this.mail.getUsername(), this.mail.getPassword());
			this.status.connected((fresh instanceof SMTPTransport smtp) ? smtp : null);
			logger.debug("Opened SMTP connection {} to {}:{}{}", this.opened.incrementAndGet(), this.mail.getHost(),
					port(this.mail), this.status.pipelining() ? ", pipelining" : "");
			return fresh;
		}
		catch (MessagingException ex) {
			if (slot != null) {
				slot.release();
			}
			String reason = reason(ex);
			this.status.failed(reason);
			logger.warn("Cannot connect to the SMTP relay {}:{}: {}", this.mail.getHost(), port(this.mail), reason);
			return null;
		}
	}

	/**
	 * Why a connection failed, without anything the server said (servers echo addresses).
	 */
	private static String reason(MessagingException ex) {
		String text = String.valueOf(ex.getMessage());
		if (text.contains("STARTTLS is required")) {
			return "the relay does not offer STARTTLS, which is required: nothing is sent in clear";
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof javax.net.ssl.SSLException
					|| cause instanceof java.security.cert.CertificateException) {
				return "TLS failed (" + cause.getClass().getSimpleName() + "): the relay's certificate or name "
						+ "could not be verified";
			}
			if (cause instanceof jakarta.mail.AuthenticationFailedException) {
				return "the relay refused the login";
			}
			if (cause instanceof IOException io) {
				return "connection failed: " + io.getClass().getSimpleName();
			}
		}
		return ex.getClass().getSimpleName();
	}

	private static int port(MailProperties mail) {
		return (mail.getPort() != null) ? mail.getPort() : 25;
	}

	private static void discard(Transport transport) {
		try {
			transport.close();
		}
		catch (MessagingException ex) {
			// The connection is being discarded; nothing more to do.
		}
	}

	/**
	 * Closes pooled connections that have been idle too long, so the relay need not time
	 * them out (and none is used after the relay would have).
	 */
	@Scheduled(fixedDelayString = "${alert.dispatch.smtp.max-idle:15s}")
	void closeIdleConnections() {
		long now = System.nanoTime();
		int kept = this.idle.size();
		for (int i = 0; i < kept; i++) {
			Transport pooled = this.idle.pollLast();
			if (pooled == null) {
				return;
			}
			Long since = this.idleSince.get(pooled);
			if (since == null || now - since > this.maxIdleNanos) {
				this.idleSince.remove(pooled);
				discard(pooled);
			}
			else {
				this.idle.offerFirst(pooled);
			}
		}
	}

	@Override
	public void destroy() {
		Transport pooled;
		while ((pooled = this.idle.pollFirst()) != null) {
			discard(pooled);
		}
		// Last: saying QUIT on the pooled connections still needs a write timeout.
		this.writeTimeouts.close();
	}

	/**
	 * Messages sent one after another over one connection.
	 */
	public final class SmtpSession implements AutoCloseable {

		private @Nullable Transport transport;

		private boolean broken;

		private SmtpSession() {
		}

		/**
		 * The session's connection, made or taken from the pool if it has none yet.
		 * @return the connection, or null if none could be made
		 */
		private @Nullable Transport connection() {
			if (this.transport == null) {
				this.transport = borrow();
			}
			return this.transport;
		}

		/**
		 * Sends one message.
		 * @param mail the message
		 * @return what the server said: sent (250), deferred (4xx, or no connection),
		 * failed (5xx), or dead-lettered in doubt (the connection failed after the server
		 * had accepted DATA, so it may have the message)
		 */
		public SendOutcome send(OutgoingMail mail) {
			if (this.broken) {
				return new SendOutcome(mail.subscriber(), DeliveryStatus.DEFERRED, 0,
						"not attempted: the SMTP connection failed earlier in this batch");
			}
			if (SmtpSender.this.rate != null) {
				SmtpSender.this.rate.asBlocking().consumeUninterruptibly(1);
			}
			if (!SmtpSender.this.quota.take()) {
				return new SendOutcome(mail.subscriber(), DeliveryStatus.DEFERRED, 0, RelayQuota.UNREADABLE);
			}
			Address[] recipients = mail.recipients();
			if (OutgoingMail.internationalMailbox(recipients)) {
				return sendInternational(mail, recipients);
			}
			// A connection that fails before the server took the data is replaced, and
			// the message tried once more at once on the fresh one.
			for (int attempt = 1;; attempt++) {
				Transport connection = connection();
				if (connection == null) {
					this.broken = true;
					return new SendOutcome(mail.subscriber(), DeliveryStatus.DEFERRED, 0,
							SmtpSender.this.status.reason());
				}
				Attempt tried = attempt(connection, mail, recipients);
				if (tried.outcome() != null) {
					return tried.outcome();
				}
				discard(connection);
				this.transport = null;
				if (tried.dataTaken() || attempt == 2) {
					this.broken = true;
					return tried.asOutcome(mail);
				}
				logger.debug("SMTP connection failed before the data ({}); trying again on a fresh one", tried.cause());
			}
		}

		/**
		 * Sends a message whose mailbox name is not ASCII over a connection of its own
		 * that asks for SMTPUTF8 (RFC 6531); refused for good if the relay does not offer
		 * it.
		 */
		private SendOutcome sendInternational(OutgoingMail mail, Address[] recipients) {
			Transport connection = connect(SmtpSender.this.utf8Session, null);
			if (connection == null) {
				return new SendOutcome(mail.subscriber(), DeliveryStatus.DEFERRED, 0, SmtpSender.this.status.reason());
			}
			try {
				if (!(connection instanceof SMTPTransport smtp) || !smtp.supportsExtension("SMTPUTF8")) {
					return new SendOutcome(mail.subscriber(), DeliveryStatus.FAILED, 0,
							"the address needs SMTPUTF8, which the relay does not offer");
				}
				Attempt tried = attempt(connection, mail, recipients);
				return (tried.outcome() != null) ? tried.outcome() : tried.asOutcome(mail);
			}
			finally {
				discard(connection);
			}
		}

		private Attempt attempt(Transport connection, OutgoingMail mail, Address[] recipients) {
			MimeMessage sent = mail.message();
			try {
				sent = SmtpSender.this.signing.sign(mail.message());
				connection.sendMessage(sent, recipients);
				return Attempt.none(new SendOutcome(mail.subscriber(), DeliveryStatus.SENT, 250, "SMTP 250"));
			}
			catch (SMTPSendFailedException ex) {
				return refused(mail, sent, ex.getReturnCode());
			}
			catch (SendFailedException ex) {
				if (ex.getNextException() instanceof SMTPAddressFailedException refusedAddress) {
					return refused(mail, sent, refusedAddress.getReturnCode());
				}
				return broke(sent, "SMTP " + ex.getClass().getSimpleName(), true);
			}
			catch (MessagingException ex) {
				return broke(sent, (ex.getCause() instanceof IOException io) ? io.getClass().getSimpleName()
						: ex.getClass().getSimpleName(), true);
			}
		}

		private Attempt refused(OutgoingMail mail, MimeMessage sent, int code) {
			if (code == 421 || code <= 0) {
				// The server is closing the connection (421, as relays say when they
				// time an idle connection out), or it ended without a reply.
				return broke(sent, (code <= 0) ? "no reply" : "SMTP 421", code <= 0);
			}
			// Servers echo addresses in their replies, so only the reply code is kept.
			DeliveryStatus status = (code >= 500 && code < 600) ? DeliveryStatus.FAILED : DeliveryStatus.DEFERRED;
			return Attempt.none(new SendOutcome(mail.subscriber(), status, code, "SMTP " + code));
		}

		private Attempt broke(MimeMessage sent, String cause, boolean unanswered) {
			return new Attempt(null, unanswered && DkimSigning.written(sent), cause, unanswered);
		}

		@Override
		public void close() {
			if (this.transport != null) {
				SmtpSender.this.idleSince.put(this.transport, System.nanoTime());
				SmtpSender.this.idle.offerFirst(this.transport);
				this.transport = null;
			}
			SmtpSender.this.permits.release();
		}

	}

	/**
	 * What one try at a message came to: an outcome the server gave, or a failed
	 * connection.
	 *
	 * @param outcome the server's answer, if it gave one
	 * @param dataTaken whether the connection failed after the server took the data
	 * @param cause what failed, without anything the server said
	 * @param unanswered whether the server gave no reply at all
	 */
	private record Attempt(@Nullable SendOutcome outcome, boolean dataTaken, String cause, boolean unanswered) {

		static Attempt none(SendOutcome outcome) {
			return new Attempt(outcome, false, "", false);
		}

		SendOutcome asOutcome(OutgoingMail mail) {
			if (this.dataTaken) {
				// The server had answered DATA with 354 and may have taken the whole
				// message before the connection failed: sending it again could deliver
				// it twice.
				return new SendOutcome(mail.subscriber(), DeliveryStatus.DEAD_LETTERED, 0,
						IN_DOUBT + " (" + this.cause + " after DATA)");
			}
			return new SendOutcome(mail.subscriber(), DeliveryStatus.DEFERRED, this.unanswered ? 0 : 421,
					"connection failed: " + this.cause);
		}

	}

	/**
	 * What dispatch last learnt of its relay: whether a connection could be made, how it
	 * is secured, and what the relay offers. Read by the health endpoint; no address is
	 * ever kept.
	 */
	public static final class RelayStatus {

		private final String address;

		private final String security;

		private volatile @Nullable Instant checkedAt;

		private volatile boolean reachable;

		private volatile String reason = "not connected yet";

		private volatile boolean smtpUtf8;

		private volatile boolean encrypted;

		private volatile boolean pipelining;

		RelayStatus(String address, String security) {
			this.address = address;
			this.security = security;
		}

		void connected(@Nullable SMTPTransport transport) {
			this.smtpUtf8 = transport != null && transport.supportsExtension("SMTPUTF8");
			this.encrypted = transport != null && transport.isSSL();
			this.pipelining = transport instanceof PipeliningTransport pipelined && pipelined.pipelines();
			this.reachable = true;
			this.reason = "connected";
			this.checkedAt = Instant.now();
		}

		void failed(String reason) {
			this.reachable = false;
			this.reason = reason;
			this.checkedAt = Instant.now();
		}

		/**
		 * The relay's host and port.
		 * @return host:port
		 */
		public String address() {
			return this.address;
		}

		/**
		 * How connections are secured.
		 * @return e.g. "STARTTLS required (credentials are set)"
		 */
		public String security() {
			return this.security;
		}

		/**
		 * When a connection was last tried.
		 * @return the time, or null before the first
		 */
		public @Nullable Instant checkedAt() {
			return this.checkedAt;
		}

		/**
		 * Whether the last connection could be made.
		 * @return true if it could
		 */
		public boolean reachable() {
			return this.reachable;
		}

		/**
		 * Why the last connection failed, or "connected".
		 * @return the reason, never containing what the server said
		 */
		public String reason() {
			return this.reason;
		}

		/**
		 * Whether the last connection was encrypted (TLS from the first byte or after
		 * STARTTLS).
		 * @return true if it was
		 */
		public boolean encrypted() {
			return this.encrypted;
		}

		/**
		 * Whether messages go to the relay pipelined (RFC 2920): it announced PIPELINING
		 * and {@code alert.dispatch.smtp.pipelining} is on.
		 * @return true if they do, when last connected
		 */
		public boolean pipelining() {
			return this.pipelining;
		}

		/**
		 * Whether the relay announced SMTPUTF8 (RFC 6531), so mailbox names that are not
		 * ASCII can be sent.
		 * @return true if it did, when last connected
		 */
		public boolean smtpUtf8() {
			return this.smtpUtf8;
		}

	}

}
