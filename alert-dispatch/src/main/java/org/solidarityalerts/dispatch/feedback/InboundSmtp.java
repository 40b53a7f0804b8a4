package org.solidarityalerts.dispatch.feedback;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.mail.MessagingException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.SubscriberId;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.TooMuchDataException;
import org.subethamail.smtp.server.SMTPServer;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The SMTP endpoint that the mail domain's MX leads to (SubEthaSMTP). It accepts a
 * recipient only if it is {@code bounces+TOKEN@domain} with a genuine token,
 * {@code unsubscribe@domain} or {@code feedback@domain}, and refuses any other with 550,
 * so it relays nothing and receives no other mail. Each message is read and acted on
 * before the reply to DATA; if acting fails (MongoDB or Kafka unreachable) the reply is
 * 451 and the sending server tries again later.
 */
@Component
class InboundSmtp implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(InboundSmtp.class);

	private final InboundProperties properties;

	private final ReturnPathTokens returnPaths;

	private final MailReports reports;

	private final FeedbackRecorder recorder;

	private volatile @Nullable SMTPServer server;

	InboundSmtp(InboundProperties properties, ReturnPathTokens returnPaths, MailReports reports,
			FeedbackRecorder recorder) {
		this.properties = properties;
		this.returnPaths = returnPaths;
		this.reports = reports;
		this.recorder = recorder;
	}

	@Override
	public void start() {
		if (!this.properties.enabled()) {
			return;
		}
		try {
			SMTPServer started = SMTPServer.port(this.properties.port())
				.bindAddress(InetAddress.getByName(this.properties.bindAddress()))
				.hostName(this.returnPaths.mailDomain())
				.maxMessageSize((int) Math.min(Integer.MAX_VALUE, this.properties.maxMessageSize().toBytes()))
				.maxRecipients(10)
				.messageHandlerFactory(Handler::new)
				.build();
			started.start();
			this.server = started;
			logger.info("Reading bounces, complaints and unsubscribes for {} on port {}", this.returnPaths.mailDomain(),
					started.getPortAllocated());
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("Cannot listen on " + this.properties.bindAddress(), ex);
		}
	}

	@Override
	public void stop() {
		SMTPServer running = this.server;
		if (running != null) {
			running.stop();
			this.server = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

	/**
	 * The port the endpoint listens on, once started.
	 * @return the port, or -1 while not listening
	 */
	int port() {
		SMTPServer running = this.server;
		return (running != null) ? running.getPortAllocated() : -1;
	}

	private enum Mailbox {

		BOUNCES, UNSUBSCRIBE, FEEDBACK

	}

	private record Recipient(Mailbox mailbox, @Nullable SubscriberId subscriber) {
	}

	private final class Handler implements MessageHandler {

		private final List<Recipient> recipients = new ArrayList<>();

		Handler(MessageContext context) {
		}

		@Override
		public void from(String from) {
		}

		@Override
		public void recipient(String address) throws RejectException {
			String lower = address.toLowerCase(Locale.ROOT);
			String domain = "@" + InboundSmtp.this.returnPaths.mailDomain();
			if (lower.equals("unsubscribe" + domain)) {
				this.recipients.add(new Recipient(Mailbox.UNSUBSCRIBE, null));
			}
			else if (lower.equals("feedback" + domain)) {
				this.recipients.add(new Recipient(Mailbox.FEEDBACK, null));
			}
			else {
				Optional<SubscriberId> subscriber = InboundSmtp.this.returnPaths.verify(lower);
				if (subscriber.isEmpty()) {
					throw new RejectException(550, "5.1.1 No such mailbox here");
				}
				this.recipients.add(new Recipient(Mailbox.BOUNCES, subscriber.get()));
			}
		}

		@Override
		public @Nullable String data(InputStream data) throws RejectException, TooMuchDataException, IOException {
			long max = InboundSmtp.this.properties.maxMessageSize().toBytes();
			byte[] raw = data.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
			if (raw.length > max) {
				throw new TooMuchDataException("5.3.4 Message too big");
			}
			try {
				for (Recipient recipient : this.recipients) {
					Optional<Report> report = switch (recipient.mailbox()) {
						case BOUNCES ->
							InboundSmtp.this.reports.bounce(recipient.subscriber(), raw).or(() -> complaint(raw));
						case FEEDBACK -> complaint(raw);
						case UNSUBSCRIBE -> InboundSmtp.this.reports.unsubscribe(raw);
					};
					if (report.isPresent()) {
						InboundSmtp.this.recorder.record(report.get());
					}
					else {
						logger.debug("A message to the {} mailbox reported nothing to act on", recipient.mailbox());
					}
				}
			}
			catch (MessagingException ex) {
				logger.debug("Ignored a message that could not be read: {}", ex.getMessage());
			}
			catch (RuntimeException ex) {
				logger.warn("Could not act on a report; the sender is asked to try again", ex);
				throw new RejectException(451, "4.3.0 Try again later");
			}
			return null;
		}

		private Optional<Report> complaint(byte[] raw) {
			try {
				return InboundSmtp.this.reports.complaint(raw);
			}
			catch (MessagingException | IOException ex) {
				logger.debug("Ignored a feedback report that could not be read: {}", ex.getMessage());
				return Optional.empty();
			}
		}

		@Override
		public void done() {
		}

	}

}
