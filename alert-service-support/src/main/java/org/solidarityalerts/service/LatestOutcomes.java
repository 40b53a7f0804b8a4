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
 * takes their place.
 */
public final class LatestOutcomes {

	/** The final statuses, by wire name: a delivery that has one keeps it. */
	public static final Set<String> FINAL = Set.of(WireFormat.name(DeliveryStatus.SENT),
			WireFormat.name(DeliveryStatus.FAILED));

	private LatestOutcomes() {
	}

	/**
	 * Records an event's new status for a delivery with one conditional write, unless the
	 * delivery already has a final status or the event is among those it keeps as having
	 * changed it (read again, or published twice). Creates the delivery's document if it
	 * has none. No transaction: one document, one atomic write.
	 * @param mongo the database
	 * @param collection where the read model keeps one document per delivery
	 * @param key the delivery's id there
	 * @param history the array field where the delivery keeps the events that changed it,
	 * each with its id in {@code event}; the update adds this event there
	 * @param eventId the event's id
	 * @param update what to write, with the new status in {@code status}
	 * @return the status the delivery had before, if this wrote it; null if it did not
	 * (final already, or the event recorded before: its history says which)
	 */
	public static @Nullable Before record(MongoTemplate mongo, String collection, String key, String history,
			String eventId, Update update) {
		try {
			Document previous = mongo.findAndModify(
					Query.query(
							Criteria.where("_id").is(key).and("status").nin(FINAL).and(history + ".event").ne(eventId)),
					update, FindAndModifyOptions.options().upsert(true).returnNew(false), Document.class, collection);
			return new Before((previous != null) ? previous.getString("status") : null);
		}
		catch (DuplicateKeyException ex) {
			// The filter did not match the document there: final, or recorded before.
			return null;
		}
	}

	/**
	 * A delivery's status before an event changed it.
	 *
	 * @param status the status, or null if the delivery had none
	 */
	public record Before(@Nullable String status) {

		/**
		 * The change to a new status.
		 * @param after the new status
		 * @return the change, or null if the status stays the same
		 */
		public @Nullable Change to(String after) {
			return after.equals(this.status) ? null : new Change(this.status, after);
		}

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
