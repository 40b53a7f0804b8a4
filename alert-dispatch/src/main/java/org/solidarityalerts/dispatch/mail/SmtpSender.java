package org.solidarityalerts.dispatch.mail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;

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
 * Sends messages over SMTP sessions that stay open across batches: no connection per
 * message and no probe between messages. At most {@code alert.dispatch.smtp.connections}
 * sessions are open; a session that breaks is replaced and the messages it could not send
 * are reported as deferred, to be retried.
 */
@Component
public class SmtpSender implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(SmtpSender.class);

	private final Session session;

	private final MailProperties mail;

	private final Semaphore permits;

	private final LinkedBlockingDeque<Transport> idle = new LinkedBlockingDeque<>();

	SmtpSender(MailProperties mail, DispatchProperties properties) {
		this.mail = mail;
		Properties settings = new Properties();
		settings.put("mail.smtp.host", mail.getHost());
		settings.put("mail.smtp.port", Integer.toString((mail.getPort() != null) ? mail.getPort() : 25));
		settings.put("mail.smtp.connectiontimeout", Long.toString(properties.smtp().connectTimeout().toMillis()));
		settings.put("mail.smtp.timeout", Long.toString(properties.smtp().readTimeout().toMillis()));
		settings.put("mail.smtp.writetimeout", Long.toString(properties.smtp().readTimeout().toMillis()));
		settings.put("mail.smtp.quitwait", "false");
		settings.putAll(mail.getProperties());
		this.session = Session.getInstance(settings);
		this.permits = new Semaphore(properties.smtp().connections());
	}

	/**
	 * The mail session messages are created in.
	 * @return the session
	 */
	public Session session() {
		return this.session;
	}

	/**
	 * Sends messages, one after another, over one open SMTP session.
	 * @param mails the messages
	 * @return what the server said about each, in order
	 */
	public List<SendOutcome> send(List<OutgoingMail> mails) {
		List<SendOutcome> outcomes = new ArrayList<>(mails.size());
		this.permits.acquireUninterruptibly();
		Transport transport = null;
		try {
			for (OutgoingMail mail : mails) {
				if (transport == null) {
					transport = borrow();
					if (transport == null) {
						outcomes.add(new SendOutcome(mail.subscriber(), DeliveryStatus.DEFERRED, 0,
								"could not connect to the SMTP server"));
						continue;
					}
				}
				SendOutcome outcome = sendOne(transport, mail);
				if (outcome.code() == 0) {
					close(transport);
					transport = null;
				}
				outcomes.add(outcome);
			}
		}
		finally {
			if (transport != null) {
				this.idle.offerFirst(transport);
			}
			this.permits.release();
		}
		return outcomes;
	}

	private SendOutcome sendOne(Transport transport, OutgoingMail mail) {
		try {
			transport.sendMessage(mail.message(), mail.message().getAllRecipients());
			return new SendOutcome(mail.subscriber(), DeliveryStatus.SENT, 250, "accepted");
		}
		catch (SMTPSendFailedException ex) {
			return refused(mail, ex.getReturnCode());
		}
		catch (SendFailedException ex) {
			if (ex.getNextException() instanceof SMTPAddressFailedException refusedAddress) {
				return refused(mail, refusedAddress.getReturnCode());
			}
			return refused(mail, 0);
		}
		catch (MessagingException ex) {
			return new SendOutcome(mail.subscriber(), DeliveryStatus.DEFERRED, 0,
					"connection failed: " + ((ex.getCause() instanceof IOException io) ? io.getClass().getSimpleName()
							: ex.getClass().getSimpleName()));
		}
	}

	private static SendOutcome refused(OutgoingMail mail, int code) {
		DeliveryStatus status = (code >= 500 && code < 600) ? DeliveryStatus.FAILED : DeliveryStatus.DEFERRED;
		return new SendOutcome(mail.subscriber(), status, code, replyCode(code));
	}

	/** Servers echo addresses in their replies, so only the reply code is kept. */
	private static String replyCode(int code) {
		return (code > 0) ? "SMTP " + code : "no reply code";
	}

	private @Nullable Transport borrow() {
		Transport transport = this.idle.pollFirst();
		if (transport != null) {
			return transport;
		}
		try {
			Transport fresh = this.session.getTransport("smtp");
			fresh.connect(this.mail.getHost(), (this.mail.getPort() != null) ? this.mail.getPort() : 25,
					this.mail.getUsername(), this.mail.getPassword());
			return fresh;
		}
		catch (MessagingException ex) {
			logger.warn("Cannot connect to the SMTP server: {}", ex.toString());
			return null;
		}
	}

	private static void close(Transport transport) {
		try {
			transport.close();
		}
		catch (MessagingException ex) {
			// The session is being discarded because it broke; nothing more to do.
		}
	}

	@Override
	public void destroy() {
		Transport transport;
		while ((transport = this.idle.pollFirst()) != null) {
			close(transport);
		}
	}

}
