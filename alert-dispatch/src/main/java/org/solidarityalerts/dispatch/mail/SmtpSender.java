package org.solidarityalerts.dispatch.mail;

import java.io.IOException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.Bucket;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.dispatch.DispatchProperties;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.stereotype.Component;

/**
 * Sends messages over SMTP connections that stay open across batches: no connection per
 * message and no probe between messages. At most {@code alert.dispatch.smtp.connections}
 * connections are open at once. Once a connection fails within a session, the session's
 * remaining messages are deferred without trying, so a dead server costs one timeout per
 * batch, not one per message.
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

	private final MailProperties mail;

	private final Semaphore permits;

	private final LinkedBlockingDeque<Transport> idle = new LinkedBlockingDeque<>();

	private final @Nullable Bucket rate;

	private final AtomicLong opened = new AtomicLong();

	private final RelayQuota quota;

	SmtpSender(MailProperties mail, DispatchProperties properties, RelayQuota quota) {
		this.mail = mail;
		this.quota = quota;
		Properties settings = new Properties();
		settings.put("mail.smtp.host", mail.getHost());
		settings.put("mail.smtp.port", Integer.toString(port(mail)));
		settings.put("mail.smtp.connectiontimeout", Long.toString(properties.smtp().connectTimeout().toMillis()));
		settings.put("mail.smtp.timeout", Long.toString(properties.smtp().readTimeout().toMillis()));
		settings.put("mail.smtp.writetimeout", Long.toString(properties.smtp().readTimeout().toMillis()));
		settings.put("mail.smtp.quitwait", "false");
		settings.putAll(mail.getProperties());
		this.session = Session.getInstance(settings);
		this.permits = new Semaphore(properties.smtp().connections());
		// A token bucket with a burst of a tenth of a second's worth: no second-long
		// window sees more than 1.1 times
		// the rate, close to a sliding window without its bookkeeping.
		int perSecond = properties.smtp().maxPerSecond();
		this.rate = (perSecond > 0) ? Bucket.builder()
			.addLimit((limit) -> limit.capacity(Math.max(1, perSecond / 10))
				.refillGreedy(perSecond, Duration.ofSeconds(1)))
			.build() : null;
	}

	/**
	 * The mail session messages are created in.
	 * @return the session
	 */
	public Session session() {
		return this.session;
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

	private @Nullable Transport borrow() {
		Transport transport = this.idle.pollFirst();
		if (transport != null) {
			return transport;
		}
		RelayQuota.Slot slot = this.quota.slot(this.idle);
		if (slot.idle() != null || !slot.granted()) {
			return slot.idle();
		}
		try {
			Transport fresh = this.session.getTransport("smtp");
			slot.holdFor(fresh, this.idle);
			fresh.connect(this.mail.getHost(), port(this.mail), this.mail.getUsername(), this.mail.getPassword());
			logger.debug("Opened SMTP connection {} to {}:{}", this.opened.incrementAndGet(), this.mail.getHost(),
					port(this.mail));
			return fresh;
		}
		catch (MessagingException ex) {
			slot.release();
			logger.warn("Cannot connect to the SMTP server: {}", ex.toString());
			return null;
		}
	}

	private static int port(MailProperties mail) {
		return (mail.getPort() != null) ? mail.getPort() : 25;
	}

	private static void discard(Transport transport) {
		try {
			transport.close();
		}
		catch (MessagingException ex) {
			// The connection is being discarded because it broke; nothing more to do.
		}
	}

	@Override
	public void destroy() {
		Transport transport;
		while ((transport = this.idle.pollFirst()) != null) {
			discard(transport);
		}
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
			if (this.transport == null) {
				this.transport = borrow();
				if (this.transport == null) {
					this.broken = true;
					return new SendOutcome(mail.subscriber(), DeliveryStatus.DEFERRED, 0,
							"could not connect to the SMTP server");
				}
			}
			try {
				this.transport.sendMessage(mail.message(), mail.message().getAllRecipients());
				return new SendOutcome(mail.subscriber(), DeliveryStatus.SENT, 250, "SMTP 250");
			}
			catch (SMTPSendFailedException ex) {
				return refused(mail, ex.getReturnCode());
			}
			catch (SendFailedException ex) {
				if (ex.getNextException() instanceof SMTPAddressFailedException refusedAddress) {
					return refused(mail, refusedAddress.getReturnCode());
				}
				return broke(mail, ex, true);
			}
			catch (MessagingException ex) {
				return broke(mail, ex, true);
			}
		}

		private SendOutcome refused(OutgoingMail mail, int code) {
			// Servers echo addresses in their replies, so only the reply code is kept.
			DeliveryStatus status = (code >= 500 && code < 600) ? DeliveryStatus.FAILED : DeliveryStatus.DEFERRED;
			if (code == 421 || code <= 0) {
				// No code: the connection ended without a reply.
				return broke(mail, null, code <= 0);
			}
			return new SendOutcome(mail.subscriber(), status, code, "SMTP " + code);
		}

		private SendOutcome broke(OutgoingMail mail, @Nullable MessagingException ex, boolean unanswered) {
			this.broken = true;
			boolean dataTaken = unanswered && mail.message() instanceof StableIdMimeMessage message
					&& message.written();
			if (this.transport != null) {
				discard(this.transport);
				this.transport = null;
			}
			String cause = (ex == null) ? (unanswered ? "no reply" : "SMTP 421")
					: (ex.getCause() instanceof IOException io) ? io.getClass().getSimpleName()
							: ex.getClass().getSimpleName();
			if (dataTaken) {
				// The server had answered DATA with 354 and may have taken the whole
				// message
				// before the connection failed: sending it again could deliver it twice.
				return new SendOutcome(mail.subscriber(), DeliveryStatus.DEAD_LETTERED, 0,
						IN_DOUBT + " (" + cause + " after DATA)");
			}
			return new SendOutcome(mail.subscriber(), DeliveryStatus.DEFERRED, (ex == null) ? 421 : 0,
					"connection failed: " + cause);
		}

		@Override
		public void close() {
			if (this.transport != null) {
				SmtpSender.this.idle.offerFirst(this.transport);
				this.transport = null;
			}
			SmtpSender.this.permits.release();
		}

	}

}
