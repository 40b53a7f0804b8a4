package org.solidarityalerts.dispatch.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.bson.Document;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The SMTP relay's connection slots, shared by every dispatch instance: one MongoDB
 * document per slot ({@code <relay>/slot-<n>}) with the lease that holds it and when that
 * lease expires. A connection takes a free or expired slot with one atomic
 * find-and-modify before it connects, its instance renews the lease while it is open, and
 * gives the slot back when it closes; a slot whose instance died without giving it back
 * is free again once its lease expires. Single-document atomic writes only.
 */
class ConnectionLeases {

	static final String COLLECTION = "relay_connections";

	private static final Date NEVER = new Date(0);

	private final MongoTemplate mongo;

	private final Clock clock;

	private final Duration lease;

	private final List<String> slots;

	private final String instance = UUID.randomUUID().toString();

	private final AtomicLong leases = new AtomicLong();

	/**
	 * Creates the slot documents that do not exist yet.
	 * @param mongo where the slots are kept
	 * @param clock the clock leases expire by (instances' clocks must agree to well
	 * within a lease)
	 * @param relay the relay whose connections are counted, e.g. {@code host:port}
	 * @param cap connections open at once to the relay, from all instances together
	 * @param lease how long a slot stays taken without being renewed
	 */
	ConnectionLeases(MongoTemplate mongo, Clock clock, String relay, int cap, Duration lease) {
		this.mongo = mongo;
		this.clock = clock;
		this.lease = lease;
		this.slots = IntStream.range(0, cap).mapToObj((n) -> relay + "/slot-" + n).toList();
		for (String slot : this.slots) {
			try {
				this.mongo.insert(new Document("_id", slot).append("lease", null).append("expiresAt", NEVER),
						COLLECTION);
			}
			catch (DuplicateKeyException ex) {
				// Another instance made it first.
			}
		}
	}

	/**
	 * Takes a slot that is free or whose lease expired.
	 * @return the new lease's token, or {@code null} if every slot is taken
	 */
	@Nullable String take() {
		Instant now = this.clock.instant();
		String token = this.instance + "/" + this.leases.incrementAndGet();
		Query freeOrExpired = Query.query(Criteria.where("_id")
			.in(this.slots)
			.orOperator(Criteria.where("lease").isNull(), Criteria.where("expiresAt").lt(Date.from(now))));
		Document taken = this.mongo.findAndModify(freeOrExpired,
				new Update().set("lease", token).set("expiresAt", Date.from(now.plus(this.lease))),
				FindAndModifyOptions.options().returnNew(true), Document.class, COLLECTION);
		return (taken != null) ? token : null;
	}

	/**
	 * Extends leases.
	 * @param tokens the leases' tokens
	 * @return how many of them were still held (fewer if a lease had expired and another
	 * instance took its slot)
	 */
	long renew(Collection<String> tokens) {
		if (tokens.isEmpty()) {
			return 0;
		}
		return this.mongo
			.updateMulti(Query.query(Criteria.where("lease").in(tokens)),
					Update.update("expiresAt", Date.from(this.clock.instant().plus(this.lease))), COLLECTION)
			.getMatchedCount();
	}

	/**
	 * Gives a slot back, if the lease still holds it.
	 * @param token the lease's token
	 */
	void release(String token) {
		this.mongo.updateFirst(Query.query(Criteria.where("lease").is(token)),
				new Update().set("lease", null).set("expiresAt", NEVER), COLLECTION);
	}

}
