package org.solidarityalerts.dashboard.board;

import java.util.Map;

import org.solidarityalerts.contract.MailEvent.Feedback;
import org.solidarityalerts.contract.WireFormat;

/**
 * What receiving systems reported about a fan-out's e-mails after accepting them, from
 * the {@code mail.feedback-received} events that name its alert version.
 *
 * @param hardBounces mailboxes that do not exist
 * @param softBounces temporary failures
 * @param complaints readers who marked the e-mail as spam
 * @param unsubscribes readers who left by mail
 */
public record Feedbacks(long hardBounces, long softBounces, long complaints, long unsubscribes) {

	static final Feedbacks NONE = new Feedbacks(0, 0, 0, 0);

	static Feedbacks of(Map<String, ?> counts) {
		return new Feedbacks(count(counts, Feedback.HARD_BOUNCE), count(counts, Feedback.SOFT_BOUNCE),
				count(counts, Feedback.COMPLAINT), count(counts, Feedback.UNSUBSCRIBE));
	}

	private static long count(Map<String, ?> counts, Feedback feedback) {
		Object value = counts.get(WireFormat.name(feedback));
		return (value instanceof Number number) ? Math.max(0, number.longValue()) : 0;
	}

	/**
	 * Bounces of either kind.
	 * @return hard and soft bounces
	 */
	public long bounces() {
		return this.hardBounces + this.softBounces;
	}

}
