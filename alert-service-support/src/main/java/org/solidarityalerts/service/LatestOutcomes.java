package org.solidarityalerts.service;

import java.util.Set;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.WireFormat;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The latest outcome of each subscriber's delivery of an alert version, as read models of
 * the outcome records keep it (the dashboard's board, the organisers' progress): a
 * delivery may be recorded several times (deferred, then sent), and counts must move from
 * its old status to its new one, once. Sent and failed are final: a late deferral never
 * takes their place. One atomic write per record; no transactions.
 */
public final class LatestOutcomes {

	/** The final statuses, by wire name: a delivery that has one keeps it. */
	public static final Set<String> FINAL = Set.of(WireFormat.name(DeliveryStatus.SENT),
			WireFormat.name(DeliveryStatus.FAILED));

	private LatestOutcomes() {
	}

	/**
	 * Records a delivery's new status, unless it already has a final one.
	 * @param mongo the database
	 * @param collection where the read model keeps one document per delivery
	 * @param key the delivery's id there
	 * @param fields what to write, with the new status in {@code status}
	 * @param status the new status (its wire name)
	 * @return the change to count, or null if the counts stay as they are
	 */
	public static @Nullable Change record(MongoTemplate mongo, String collection, String key, Update fields,
			String status) {
		Document previous;
		try {
			previous = mongo.findAndModify(Query.query(Criteria.where("_id").is(key).and("status").nin(FINAL)), fields,
					FindAndModifyOptions.options().upsert(true).returnNew(false), Document.class, collection);
		}
		catch (DuplicateKeyException ex) {
			// Already sent or failed for good: it keeps that status.
			return null;
		}
		String before = (previous != null) ? previous.getString("status") : null;
		return status.equals(before) ? null : new Change(before, status);
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
