package org.solidarityalerts.dashboard.board;

import java.util.Map;

import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.WireFormat;

/**
 * How many recipients of a fan-out are in each delivery status now; a recipient who was
 * deferred and then sent counts once, as sent.
 *
 * @param sent accepted by the receiving server
 * @param deferred waiting to be retried
 * @param failed refused for good
 * @param deadLettered set aside for an operator
 * @param suppressed on the suppression list
 * @param skipped not sent by design
 */
public record Counts(long sent, long deferred, long failed, long deadLettered, long suppressed, long skipped) {

	static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);

	static Counts of(Map<String, ?> counts) {
		return new Counts(count(counts, DeliveryStatus.SENT), count(counts, DeliveryStatus.DEFERRED),
				count(counts, DeliveryStatus.FAILED), count(counts, DeliveryStatus.DEAD_LETTERED),
				count(counts, DeliveryStatus.SUPPRESSED), count(counts, DeliveryStatus.SKIPPED));
	}

	private static long count(Map<String, ?> counts, DeliveryStatus status) {
		Object value = counts.get(WireFormat.name(status));
		return (value instanceof Number number) ? Math.max(0, number.longValue()) : 0;
	}

	/**
	 * Recipients with an outcome that will not change on its own.
	 * @return all but the deferred
	 */
	public long settled() {
		return this.sent + this.failed + this.deadLettered + this.suppressed + this.skipped;
	}

	/**
	 * Recipients with any outcome.
	 * @return the total
	 */
	public long total() {
		return settled() + this.deferred;
	}

}
