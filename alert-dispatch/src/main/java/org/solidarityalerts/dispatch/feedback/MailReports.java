package org.solidarityalerts.dispatch.feedback;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.dsn.DeliveryStatus;
import org.eclipse.angus.mail.dsn.MultipartReport;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.MailEvent.Feedback;
import org.solidarityalerts.contract.MailEvent.FeedbackSource;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.dispatch.preferences.MailedUnsubscribes;

import org.springframework.stereotype.Component;

/**
 * Reads the mail that receiving systems send back, with Jakarta Mail and Angus Mail's
 * report classes:
 * <ul>
 * <li>a delivery status notification (RFC 3464: {@code multipart/report;
 * report-type=delivery-status}) to a signed envelope sender: an action {@code failed}
 * with a 5.x.x status is a hard bounce, with 4.x.x a soft one; {@code delayed},
 * {@code delivered}, {@code relayed} and {@code expanded} say nothing to act on;</li>
 * <li>a feedback-loop report (RFC 5965: {@code multipart/report;
 * report-type=feedback-report}), authenticated by the unsubscribe token in the
 * List-Unsubscribe header of the original message it quotes: a complaint, unless its
 * Feedback-Type is {@code not-spam};</li>
 * <li>a mail to {@code unsubscribe@} whose subject carries the token of the
 * {@code mailto:} link: unsubscribed at once, as by the one-click link.</li>
 * </ul>
 * Anything else is ignored.
 */
@Component
class MailReports {

	private static final Pattern STATUS = Pattern.compile("([245])\\.[0-9]{1,3}\\.[0-9]{1,3}");

	private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,120}\\.[A-Za-z0-9_-]{1,60}");

	private static final Pattern MAILTO_TOKEN = Pattern.compile("unsubscribe-(" + TOKEN.pattern() + ")");

	private static final Pattern LINK_TOKEN = Pattern.compile("/unsubscribe/(" + TOKEN.pattern() + ")");

	private final Session session = Session.getInstance(new Properties());

	private final MailedUnsubscribes unsubscribes;

	private final DispatchProperties dispatch;

	MailReports(MailedUnsubscribes unsubscribes, DispatchProperties dispatch) {
		this.unsubscribes = unsubscribes;
		this.dispatch = dispatch;
	}

	/**
	 * Reads a delivery status notification sent to a subscriber's envelope sender.
	 * @param subscriber whom the envelope sender's token names
	 * @param raw the message as received
	 * @return a bounce, if the notification reports a failure
	 */
	Optional<Report> bounce(SubscriberId subscriber, byte[] raw) throws MessagingException, IOException {
		MimeMessage message = parse(raw);
		if (!isReport(message, "delivery-status")) {
			return Optional.empty();
		}
		MultipartReport report = new MultipartReport(message.getDataHandler().getDataSource());
		DeliveryStatus status = null;
		InternetHeaders original = null;
		for (int i = 0; i < report.getCount(); i++) {
			BodyPart part = report.getBodyPart(i);
			if (part.isMimeType("message/delivery-status")) {
				status = new DeliveryStatus(part.getInputStream());
			}
			else if (isOriginal(part)) {
				original = new InternetHeaders(part.getInputStream());
			}
		}
		if (status == null) {
			return Optional.empty();
		}
		Report worst = null;
		for (int i = 0; i < status.getRecipientDSNCount(); i++) {
			InternetHeaders recipient = status.getRecipientDSN(i);
			String action = recipient.getHeader("Action", null);
			Matcher code = STATUS.matcher(String.valueOf(recipient.getHeader("Status", null)).strip());
			if (action == null || !action.strip().toLowerCase(Locale.ROOT).startsWith("failed") || !code.find()) {
				continue;
			}
			Feedback feedback = switch (code.group(1)) {
				case "5" -> Feedback.HARD_BOUNCE;
				case "4" -> Feedback.SOFT_BOUNCE;
				default -> null;
			};
			if (feedback != null && (worst == null || feedback == Feedback.HARD_BOUNCE)) {
				worst = new Report(subscriber, version(original, subscriber), feedback, FeedbackSource.DSN,
						code.group());
			}
		}
		return Optional.ofNullable(worst);
	}

	/**
	 * Reads a feedback-loop report.
	 * @param raw the message as received
	 * @return a complaint, if the report is one and quotes a genuine unsubscribe token
	 */
	Optional<Report> complaint(byte[] raw) throws MessagingException, IOException {
		MimeMessage message = parse(raw);
		if (!isReport(message, "feedback-report")) {
			return Optional.empty();
		}
		MultipartReport report = new MultipartReport(message.getDataHandler().getDataSource());
		InternetHeaders fields = null;
		InternetHeaders original = null;
		for (int i = 0; i < report.getCount(); i++) {
			BodyPart part = report.getBodyPart(i);
			if (part.isMimeType("message/feedback-report")) {
				fields = new InternetHeaders(part.getInputStream());
			}
			else if (isOriginal(part)) {
				original = new InternetHeaders(part.getInputStream());
			}
		}
		if (fields == null || original == null) {
			return Optional.empty();
		}
		String type = String.valueOf(fields.getHeader("Feedback-Type", null)).strip().toLowerCase(Locale.ROOT);
		if (!type.matches("[a-z0-9-]{1,40}") || type.equals("not-spam")) {
			return Optional.empty();
		}
		String listUnsubscribe = original.getHeader("List-Unsubscribe", " ");
		if (listUnsubscribe == null) {
			return Optional.empty();
		}
		InternetHeaders quoted = original;
		Optional<SubscriberId> subscriber = tokenIn(listUnsubscribe).flatMap(this.unsubscribes::subscriberOf);
		return subscriber
			.map((id) -> new Report(id, version(quoted, id), Feedback.COMPLAINT, FeedbackSource.ARF, type));
	}

	/**
	 * Carries out an unsubscribe sent by mail.
	 * @param raw the message as received
	 * @return the unsubscribe, if the subject carries a genuine token
	 */
	Optional<Report> unsubscribe(byte[] raw) throws MessagingException {
		String subject = parse(raw).getSubject();
		if (subject == null) {
			return Optional.empty();
		}
		Matcher matcher = MAILTO_TOKEN.matcher(subject);
		if (!matcher.find()) {
			return Optional.empty();
		}
		return this.unsubscribes.unsubscribe(matcher.group(1))
			.map((id) -> new Report(id, null, Feedback.UNSUBSCRIBE, FeedbackSource.MAILTO, null));
	}

	private static Optional<String> tokenIn(String listUnsubscribe) {
		String unfolded = listUnsubscribe.replaceAll("\\s+", "");
		for (Pattern pattern : new Pattern[] { MAILTO_TOKEN, LINK_TOKEN }) {
			Matcher matcher = pattern.matcher(unfolded);
			if (matcher.find()) {
				return Optional.of(matcher.group(1));
			}
		}
		return Optional.empty();
	}

	private @Nullable AlertVersion version(@Nullable InternetHeaders original, SubscriberId subscriber) {
		return (original != null) ? MessageIdVersions.versionOf(original.getHeader("Message-ID", null), subscriber,
				this.dispatch.mail().listId()) : null;
	}

	private MimeMessage parse(byte[] raw) throws MessagingException {
		return new MimeMessage(this.session, new ByteArrayInputStream(raw));
	}

	private static boolean isReport(MimeMessage message, String reportType) throws MessagingException {
		if (!message.isMimeType("multipart/report")) {
			return false;
		}
		String type = new ContentType(message.getContentType()).getParameter("report-type");
		return reportType.equalsIgnoreCase((type != null) ? type.strip() : "");
	}

	private static boolean isOriginal(BodyPart part) throws MessagingException {
		return part.isMimeType("message/rfc822") || part.isMimeType("text/rfc822-headers")
				|| part.isMimeType("message/rfc822-headers");
	}

}
