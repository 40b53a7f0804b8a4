package org.solidarityalerts.dispatch.digest;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.bson.Document;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertVersion;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The alerts waiting for each subscriber's next digest: one document per (subscriber,
 * alert version), so an alert is listed once however often its fan-out is repeated. An
 * item moves from pending to claimed by one digest, then to sent; a claimed item is never
 * listed again, so a crash between sending and recording cannot send it twice.
 */
@Component
public class DigestItems {

	static final String COLLECTION = "digest_items";

	private final MongoTemplate mongo;

	private final Clock clock;

	DigestItems(MongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
		mongo.indexOps(COLLECTION)
			.createIndex(new Index().on("digest", Sort.Direction.ASC).on("subscriberId", Sort.Direction.ASC));
	}

	/**
	 * Adds an alert version to some subscribers' next digests.
	 * @param version the alert version
	 * @param subscriberIds the subscribers
	 */
	public void add(AlertVersion version, List<String> subscriberIds) {
		if (subscriberIds.isEmpty()) {
			return;
		}
		Instant now = this.clock.instant();
		BulkOperations bulk = this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
		for (String subscriberId : subscriberIds) {
			bulk.upsert(Query.query(Criteria.where("_id").is(subscriberId + ":" + version.key())),
					new Update().setOnInsert("subscriberId", subscriberId)
						.setOnInsert("alertId", version.alertId().toString())
						.setOnInsert("version", version.version())
						.setOnInsert("addedAt", now)
						.setOnInsert("digest", null));
		}
		bulk.execute();
	}

	/**
	 * Streams, in order and once each, the subscribers who have items waiting.
	 * @param each called with each subscriber id
	 */
	void streamWaitingSubscribers(Consumer<String> each) {
		Query query = Query.query(Criteria.where("digest").isNull()).with(Sort.by("subscriberId"));
		query.fields().include("subscriberId");
		String[] last = { null };
		try (var items = this.mongo.stream(query, Document.class, COLLECTION)) {
			items.forEach((item) -> {
				String id = item.getString("subscriberId");
				if (!id.equals(last[0])) {
					last[0] = id;
					each.accept(id);
				}
			});
		}
	}

	/**
	 * Claims a subscriber's waiting items for one digest.
	 * @param subscriberId the subscriber
	 * @param digest the digest's id
	 * @param max the most items to claim
	 * @return the claimed alert versions, oldest first
	 */
	List<AlertVersion> claim(String subscriberId, String digest, int max) {
		Query waiting = Query.query(Criteria.where("subscriberId").is(subscriberId).and("digest").isNull())
			.with(Sort.by("addedAt"))
			.limit(max);
		waiting.fields().include("_id");
		List<String> ids = this.mongo.find(waiting, Document.class, COLLECTION)
			.stream()
			.map((item) -> item.getString("_id"))
			.toList();
		if (ids.isEmpty()) {
			return List.of();
		}
		this.mongo.updateMulti(Query.query(Criteria.where("_id").in(ids).and("digest").isNull()),
				Update.update("digest", digest).set("claimedAt", this.clock.instant()), COLLECTION);
		List<AlertVersion> claimed = new ArrayList<>();
		Query mine = Query.query(Criteria.where("subscriberId").is(subscriberId).and("digest").is(digest))
			.with(Sort.by("addedAt"));
		for (Document item : this.mongo.find(mine, Document.class, COLLECTION)) {
			claimed.add(new AlertVersion(AlertId.parse(item.getString("alertId")), item.getInteger("version")));
		}
		return claimed;
	}

	/**
	 * Gives a digest's items back, to wait for the next attempt (the SMTP server said
	 * "later").
	 * @param subscriberId the subscriber
	 * @param digest the digest's id
	 */
	void release(String subscriberId, String digest) {
		this.mongo.updateMulti(Query.query(Criteria.where("subscriberId").is(subscriberId).and("digest").is(digest)),
				new Update().set("digest", null).unset("claimedAt"), COLLECTION);
	}

	/**
	 * Records the outcome of a digest's items.
	 * @param subscriberId the subscriber
	 * @param digest the digest's id
	 * @param outcome {@code sent}, or why not
	 */
	void finish(String subscriberId, String digest, String outcome) {
		this.mongo.updateMulti(Query.query(Criteria.where("subscriberId").is(subscriberId).and("digest").is(digest)),
				Update.update("outcome", outcome).set("finishedAt", this.clock.instant()), COLLECTION);
	}

}
