package org.solidarityalerts.dispatch.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import org.bson.Document;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.SubscriberId;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * One document per (alert version, subscriber), whose unique id decides who sends: a
 * delivery is claimed by inserting it, so of two instances (or a redelivered batch) only
 * one claim succeeds. Claims and outcomes are written in bulk, one round trip per batch.
 */
@Component
class DeliveryLedger {

	static final String COLLECTION = "deliveries";

	private static final int DUPLICATE_KEY = 11000;

	private final MongoTemplate mongo;

	private final Clock clock;

	DeliveryLedger(MongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
	}

	/**
	 * Claims deliveries for sending.
	 * @param version the alert version
	 * @param subscribers candidate recipients
	 * @return those this caller now owns; a delivery already sent, failed, or claimed is
	 * not returned
	 */
	List<SubscriberId> claim(AlertVersion version, List<SubscriberId> subscribers) {
		if (subscribers.isEmpty()) {
			return List.of();
		}
		Instant now = this.clock.instant();
		List<Document> claims = new ArrayList<>(subscribers.size());
		for (SubscriberId subscriber : subscribers) {
			claims.add(new Document("_id", key(version, subscriber)).append("alertId", version.alertId().toString())
				.append("version", version.version())
				.append("subscriberId", subscriber.toString())
				.append("status", "claimed")
				.append("attempts", 1)
				.append("claimedAt", now)
				.append("updatedAt", now));
		}
		Set<Integer> taken = new HashSet<>();
		try {
			this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION).insert(claims).execute();
		}
		catch (BulkOperationException ex) {
			for (var error : ex.getErrors()) {
				if (error.getCode() != DUPLICATE_KEY) {
					throw ex;
				}
				taken.add(error.getIndex());
			}
		}
		catch (DuplicateKeyException ex) {
			if (!(ex.getCause() instanceof MongoBulkWriteException bulk)) {
				throw ex;
			}
			for (BulkWriteError error : bulk.getWriteErrors()) {
				taken.add(error.getIndex());
			}
		}
		List<SubscriberId> owned = new ArrayList<>(subscribers.size() - taken.size());
		for (int i = 0; i < subscribers.size(); i++) {
			if (!taken.contains(i)) {
				owned.add(subscribers.get(i));
			}
		}
		return owned;
	}

	/**
	 * Records outcomes, in one bulk write.
	 * @param version the alert version
	 * @param outcomes each subscriber's outcome and detail
	 */
	void record(AlertVersion version, List<Outcome> outcomes) {
		if (outcomes.isEmpty()) {
			return;
		}
		Instant now = this.clock.instant();
		BulkOperations bulk = this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
		for (Outcome outcome : outcomes) {
			bulk.upsert(Query.query(Criteria.where("_id").is(key(version, outcome.subscriber()))),
					new Update().set("status", outcome.status().name().toLowerCase(java.util.Locale.ROOT))
						.set("detail", outcome.detail())
						.set("updatedAt", now)
						.setOnInsert("alertId", version.alertId().toString())
						.setOnInsert("version", version.version())
						.setOnInsert("subscriberId", outcome.subscriber().toString()));
		}
		bulk.execute();
	}

	static String key(AlertVersion version, SubscriberId subscriber) {
		return version.key() + ":" + subscriber;
	}

	/**
	 * One delivery's outcome.
	 *
	 * @param subscriber the recipient's id
	 * @param status the outcome
	 * @param detail the reply code or the reason, never an address
	 */
	record Outcome(SubscriberId subscriber, DeliveryStatus status, String detail) {
	}

}
