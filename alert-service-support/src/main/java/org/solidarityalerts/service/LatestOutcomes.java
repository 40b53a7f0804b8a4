package org.solidarityalerts.service;

import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.WireFormat;

import org.springframework.data.mongodb.core.query.Update;

/**
 * The latest outcome of each subscriber's delivery of an alert version, as read models of
 * the outcome records keep it (the dashboard's board, the organisers' progress): a
 * delivery may be recorded several times (deferred, then sent), and counts must move from
 * its old status to its new one, once. Sent and failed are final: a late deferral never
 * takes their place.
 */
public final class LatestOutcomes {

	/** The final statuses, by wire name: a delivery that has one keeps it. */
	public static final Set<String> FINAL = Set.of(WireFormat.name(DeliveryStatus.SENT),
			WireFormat.name(DeliveryStatus.FAILED));

	private LatestOutcomes() {
	}

	/**
	 * A delivery's move from one status to another.
	 *
	 * @param before its status before, if it had one
	 * @param after its status now
	 */
	public record Change(@Nullable String before, String after) {

		/**
		 * Adds this move to an update of counters kept as {@code counts.<status>}.
		 * @param counters the update of the version's document
		 * @return the same update
		 */
		public Update count(Update counters) {
			counters.inc("counts." + this.after, 1);
			if (this.before != null) {
				counters.inc("counts." + this.before, -1);
			}
			return counters;
		}

	}

}
