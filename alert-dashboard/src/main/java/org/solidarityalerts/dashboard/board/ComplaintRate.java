package org.solidarityalerts.dashboard.board;

import java.util.Locale;

/**
 * Complaints against e-mails sent over recent days: large mailbox providers stop
 * accepting mail from senders above {@value #LIMIT_PERCENT} %.
 *
 * @param days the days counted, today included
 * @param sent e-mails accepted in those days
 * @param complaints complaints received in those days
 */
public record ComplaintRate(int days, long sent, long complaints) {

	/** The rate above which providers block a sender, in per cent. */
	public static final double LIMIT_PERCENT = 0.3;

	/**
	 * The rate in per cent.
	 * @return complaints per hundred e-mails sent, or 0 before any was sent
	 */
	public double percent() {
		return (this.sent > 0) ? this.complaints * 100.0 / this.sent : 0;
	}

	/**
	 * Whether the rate is above what providers accept.
	 * @return true above {@value #LIMIT_PERCENT} %
	 */
	public boolean warning() {
		return percent() > LIMIT_PERCENT;
	}

	public String percentText() {
		return String.format(Locale.ROOT, "%.2f %%", percent());
	}

}
