package org.solidarityalerts.dashboard.board;

import java.time.Instant;
import java.util.List;

/**
 * The service's own mails (sign-up confirmations, "already subscribed" notes) over the
 * last day, and the latest attempts that did not send one, with why: a sign-up answered
 * "check your inbox" that is not followed by a sent mail shows here.
 *
 * @param sent attempts that sent a mail in the last day
 * @param deferred attempts the relay deferred (they are tried again)
 * @param givenUp mails given up (attempts ran out) or refused for good
 * @param problems the latest attempts that did not send, newest first
 */
public record ServiceMails(long sent, long deferred, long givenUp, List<Problem> problems) {

	/**
	 * One attempt that did not send a service mail.
	 *
	 * @param at when it ended
	 * @param subscriber the subscriber's id, never an address
	 * @param mail which mail
	 * @param status deferred, failed, dead-lettered or skipped
	 * @param attempt which attempt it was
	 * @param detail the reply code or the reason
	 */
	public record Problem(Instant at, String subscriber, String mail, String status, int attempt, String detail) {

		public String atText() {
			return FanOutRow.text(this.at);
		}

	}

}
