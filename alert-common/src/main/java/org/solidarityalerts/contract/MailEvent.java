package org.solidarityalerts.contract;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import org.jspecify.annotations.Nullable;

/**
 * What happened to mail that is not one alert's fan-out: the service's own mails to a
 * subscriber (a sign-up's confirmation link), and what receiving systems reported back
 * after they accepted a message (a bounce, a complaint, an unsubscribe by mail). Keyed by
 * subscriber id; they carry subscriber ids, never addresses.
 */
public sealed interface MailEvent extends ContractEvent {

	/**
	 * Who the mail was for.
	 * @return the subscriber's id
	 */
	SubscriberId subscriber();

	@Override
	@JsonIgnore
	default String subject() {
		return subscriber().toString();
	}

	@Override
	@JsonIgnore
	default String type() {
		return ContractEvent.super.type();
	}

	/**
	 * One attempt to send a service mail, and its outcome. A sign-up that was answered
	 * "check your inbox" leads to one of these until the mail is sent or given up.
	 *
	 * @param eventId this event
	 * @param schemaVersion the body's schema version
	 * @param occurredAt when the attempt ended
	 * @param subscriber the recipient's id
	 * @param mail which service mail
	 * @param status sent; deferred (it will be tried again); failed (refused for good);
	 * dead-lettered (attempts ran out); skipped (the subscriber may no longer be mailed)
	 * @param attempt which attempt this was, from 1
	 * @param detail the SMTP reply code or the reason, never an address
	 */
	@JsonTypeName("mail.service-mail-recorded")
	record ServiceMailRecorded(EventId eventId, int schemaVersion, Instant occurredAt, SubscriberId subscriber,
			ServiceMail mail, DeliveryStatus status, int attempt, @Nullable String detail) implements MailEvent {
	}

	/**
	 * A receiving system reported on a message after accepting it: a delivery status
	 * notification (bounce), a feedback-loop complaint, an unsubscribe sent by mail, or a
	 * mail provider's webhook saying one of these.
	 *
	 * @param eventId this event
	 * @param schemaVersion the body's schema version
	 * @param occurredAt when dispatch received it
	 * @param subscriber the subscriber the report is about
	 * @param alertVersion the alert version of the message reported on, when the report
	 * names it
	 * @param feedback what was reported
	 * @param source how it arrived
	 * @param detail the status code or feedback type reported, never an address
	 */
	@JsonTypeName("mail.feedback-received")
	record FeedbackReceived(EventId eventId, int schemaVersion, Instant occurredAt, SubscriberId subscriber,
			@Nullable AlertVersion alertVersion, Feedback feedback, FeedbackSource source,
			@Nullable String detail) implements MailEvent {
	}

	/**
	 * The service's own mails to one subscriber.
	 */
	enum ServiceMail {

		/** The link that confirms a sign-up (double opt-in). */
		@JsonProperty("confirmation")
		CONFIRMATION,

		/**
		 * The note that an address that signed up again is already subscribed, with links
		 * to manage the subscription.
		 */
		@JsonProperty("already-subscribed")
		ALREADY_SUBSCRIBED

	}

	/**
	 * What a receiving system reported.
	 */
	enum Feedback {

		/**
		 * The mailbox does not exist or will never accept mail: the address is
		 * suppressed.
		 */
		@JsonProperty("hard-bounce")
		HARD_BOUNCE,

		/**
		 * A temporary failure (mailbox full, for instance); counted, suppressed after a
		 * few.
		 */
		@JsonProperty("soft-bounce")
		SOFT_BOUNCE,

		/** The reader marked the message as spam: unsubscribed and suppressed. */
		@JsonProperty("complaint")
		COMPLAINT,

		/**
		 * The reader asked to leave by mail (the {@code mailto:} of List-Unsubscribe).
		 */
		@JsonProperty("unsubscribe")
		UNSUBSCRIBE

	}

	/**
	 * How a report arrived.
	 */
	enum FeedbackSource {

		/** A delivery status notification (RFC 3464) to the message's envelope sender. */
		@JsonProperty("dsn")
		DSN,

		/** A feedback-loop report in the Abuse Reporting Format (RFC 5965). */
		@JsonProperty("arf")
		ARF,

		/** A mail to the {@code mailto:} address of List-Unsubscribe (RFC 2369). */
		@JsonProperty("mailto")
		MAILTO,

		/** Amazon SES, through an Amazon SNS notification. */
		@JsonProperty("amazon-ses")
		AMAZON_SES,

		/** Mailgun's webhook. */
		@JsonProperty("mailgun")
		MAILGUN

	}

}
