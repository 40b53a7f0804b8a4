package org.solidarityalerts.dispatch.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateManyModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.bulk.BulkWriteError;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dispatch.mail.SmtpSender;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * One document per (alert version, subscriber), whose unique id decides who sends. A
 * delivery moves from {@code claimed} (inserted for a whole batch in one round trip) to
 * {@code sending} (written just before its SMTP transaction, in the same round trip that
 * records the previous message's outcome) to an outcome. After a crash, {@code claimed}
 * deliveries were never attempted and are taken over; a {@code sending} one is in doubt
 * and is dead-lettered for an operator, never resent on its own: nothing is sent twice,
 * and nothing is lost without a record. A dead-lettered delivery keeps the reason its
 * record on {@code deliveries.retry.dlt} gives in {@code parking} until that record is
 * written: a batch read again after Kafka refused it (or after a crash) writes it then. A
 * batch read again also finds the outcomes the ledger has, to publish them again: the
 * first reading may have failed before it published them.
 */
@Component
class DeliveryLedger {

	static final String COLLECTION = "deliveries";

	static final String CLAIMED = "claimed";

	static final String SENDING = "sending";

	/**
	 * The field of a dead-lettered delivery whose record on the dead-letter topic is not
	 * known to be written yet: the reason that record gives.
	 */
	static final String PARKING = "parking";

	/** The reason on the dead letter of deliveries a stopped instance was sending. */
	static final String SET_ASIDE_REASON = "in doubt: a stopped instance had handed these to the SMTP server";

	/** The detail of a delivery set aside because a stopped instance was sending it. */
	static final String IN_DOUBT = "in doubt: dispatch stopped while the SMTP server had it";

	private static final int DUPLICATE_KEY = 11000;

	private final MongoTemplate mongo;

	private final Clock clock;

	DeliveryLedger(MongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
	}

	/**
	 * Claims deliveries for sending, and sorts out those the ledger already knows.
	 * @param version the alert version
	 * @param subscribers candidate recipients
	 * @param redrive whether an operator re-drove the batch (dead-lettered deliveries may
	 * then be sent again)
	 * @param claimTimeout after this, another instance's claim may be taken over
	 * @return what to do with each candidate
	 */
	Claim claim(AlertVersion version, List<SubscriberId> subscribers, boolean redrive, Duration claimTimeout) {
		if (subscribers.isEmpty()) {
			return new Claim(List.of(), List.of(), List.of(), null, "", Instant.MIN, List.of(), Map.of(), Term.NONE);
		}
		Instant now = this.clock.instant();
		String token = UUID.randomUUID().toString();
		List<Document> claims = new ArrayList<>(subscribers.size());
		for (SubscriberId subscriber : subscribers) {
			claims.add(new Document("_id", key(version, subscriber)).append("alertId", version.alertId().toString())
				.append("version", version.version())
				.append("subscriberId", subscriber.toString())
				.append("status", CLAIMED)
				.append("claim", token)
				.append("attempts", 1)
				.append("claimedAt", now)
				.append("updatedAt", now));
		}
		Set<Integer> known = insertNew(claims);
		// Nobody may take a claim over before it times out; half the timeout leaves room
		// for the clocks of instances to differ.
		Instant exclusiveUntil = now.plus(claimTimeout.dividedBy(2));
		Term term = new Term(now, claimTimeout);
		List<SubscriberId> owned = new ArrayList<>(subscribers.size());
		List<SubscriberId> existing = new ArrayList<>(known.size());
		for (int i = 0; i < subscribers.size(); i++) {
			(known.contains(i) ? existing : owned).add(subscribers.get(i));
		}
		if (existing.isEmpty()) {
			return new Claim(owned, List.of(), List.of(), null, token, exclusiveUntil, List.of(), Map.of(), term);
		}
		return takeOver(version, existing, owned, token, redrive, now, term, exclusiveUntil);
	}

	private Set<Integer> insertNew(List<Document> claims) {
		Set<Integer> known = new HashSet<>();
		try {
			this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION).insert(claims).execute();
		}
		catch (BulkOperationException ex) {
			for (var error : ex.getErrors()) {
				if (error.getCode() != DUPLICATE_KEY) {
					throw ex;
				}
				known.add(error.getIndex());
			}
		}
		catch (DuplicateKeyException ex) {
			if (!(ex.getCause() instanceof MongoBulkWriteException bulk)) {
				throw ex;
			}
			for (BulkWriteError error : bulk.getWriteErrors()) {
				known.add(error.getIndex());
			}
		}
		return known;
	}

	/**
	 * Writes, for deliveries the ledger already has, what {@link ClaimDecision} decided:
	 * whether this caller may send them now (deferred, or claimed by an instance that
	 * stopped), must leave them to their current owner for a while, must set them aside
	 * as in doubt, or must write their dead letter again. Every change is a
	 * compare-and-set on the state that was read. The outcomes found are returned too, to
	 * be published again.
	 */
	private Claim takeOver(AlertVersion version, List<SubscriberId> existing, List<SubscriberId> owned, String token,
			boolean redrive, Instant now, Term term, Instant exclusiveUntil) {
		Map<String, SubscriberId> byKey = new HashMap<>();
		existing.forEach((subscriber) -> byKey.put(key(version, subscriber), subscriber));
		Query query = Query.query(Criteria.where("_id").in(byKey.keySet()));
		query.fields().include("status", "claimedAt", "claim", "detail", PARKING);
		BulkOperations takeOvers = this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
		BulkOperations doubts = this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
		int candidates = 0;
		int doubtful = 0;
		List<SubscriberId> busy = new ArrayList<>();
		Instant busyUntil = null;
		List<Outcome> recorded = new ArrayList<>();
		Set<String> toPark = new HashSet<>();
		for (Document document : this.mongo.find(query, Document.class, COLLECTION)) {
			String id = document.getString("_id");
			ClaimDecision.Entry entry = new ClaimDecision.Entry(document.getString("status"),
					instant(document.get("claimedAt")), document.getString("claim"), document.getString(PARKING));
			ClaimDecision decision = ClaimDecision.of(entry, token, redrive, now, term.timeout());
			// Every change is a compare-and-set on the state that was read.
			Query unchanged = Query
				.query(Criteria.where("_id").is(id).and("status").is(entry.status()).and("claim").is(entry.claim()));
			switch (decision.kind()) {
				case TAKE_OVER -> {
					takeOvers.updateOne(unchanged, takenOver(token, now));
					candidates++;
				}
				case SET_ASIDE -> {
					doubts.updateOne(unchanged, setAside(token, now));
					doubtful++;
				}
				case PARK -> {
					doubts.updateOne(unchanged.addCriteria(Criteria.where(PARKING).is(entry.parking())),
							new Update().set("claim", token));
					toPark.add(id);
					doubtful++;
				}
				case WAIT -> {
					busy.add(byKey.get(id));
					busyUntil = later(busyUntil, decision.busyUntil());
				}
				case LEAVE -> {
					OutcomeStatus status = OutcomeStatus.ofLedger(entry.status());
					if (status != null) {
						recorded.add(new Outcome(byKey.get(id), status, Objects.toString(document.get("detail"), "")));
					}
				}
			}
		}
		if (candidates > 0) {
			takeOvers.execute();
		}
		if (doubtful > 0) {
			doubts.execute();
		}
		List<SubscriberId> inDoubt = new ArrayList<>();
		Map<String, List<SubscriberId>> unparked = new LinkedHashMap<>();
		if (candidates + doubtful > 0) {
			// Those another caller changed in the meantime did not match: read back which
			// this claim holds.
			Query mine = Query.query(Criteria.where("_id").in(byKey.keySet()).and("claim").is(token));
			mine.fields().include("status", "detail", PARKING);
			for (Document document : this.mongo.find(mine, Document.class, COLLECTION)) {
				SubscriberId subscriber = byKey.get(document.getString("_id"));
				String parking = document.getString(PARKING);
				if (CLAIMED.equals(document.getString("status"))) {
					owned.add(subscriber);
				}
				else if (!toPark.contains(document.getString("_id"))) {
					inDoubt.add(subscriber);
				}
				else if (parking != null) {
					unparked.computeIfAbsent(parking, (reason) -> new ArrayList<>()).add(subscriber);
					recorded.add(new Outcome(subscriber, OutcomeStatus.DEAD_LETTERED,
							Objects.toString(document.get("detail"), "")));
				}
			}
		}
		return new Claim(owned, inDoubt, busy, busyUntil, token, exclusiveUntil, recorded, unparked, term);
	}

	private static Update takenOver(String token, Instant now) {
		return new Update().set("status", CLAIMED)
			.set("claim", token)
			.set("claimedAt", now)
			.set("updatedAt", now)
			.unset(PARKING)
			.inc("attempts", 1);
	}

	private static Update setAside(String token, Instant now) {
		return new Update().set("status", WireFormat.name(DeliveryStatus.DEAD_LETTERED))
			.set("claim", token)
			.set("detail", IN_DOUBT)
			.set(PARKING, SET_ASIDE_REASON)
			.set("updatedAt", now);
	}

	private static @Nullable Instant later(@Nullable Instant one, @Nullable Instant other) {
		return (one == null || (other != null && other.isAfter(one))) ? other : one;
	}

	/**
	 * Renews the claim of a batch that is still being sent, once a third of the claim
	 * timeout has passed since it was made or last renewed, so that a copy of the batch
	 * (Kafka delivers at least once) waits for this caller instead of taking over the
	 * recipients it has yet to send, and a message being sent is not taken for a stopped
	 * instance's. Each delivery is renewed only if it still carries the claim's token.
	 * The claim stays exclusive only if it still was and every delivery was renewed;
	 * otherwise each is still marked {@code sending} on compare-and-set.
	 * @param version the alert version
	 * @param claim the claim the caller holds
	 * @param unsent the claimed deliveries without an outcome yet (marked as being sent,
	 * or still to be sent)
	 * @return the claim, renewed if it was due
	 */
	Claim renewed(AlertVersion version, Claim claim, List<SubscriberId> unsent) {
		Instant now = this.clock.instant();
		if (unsent.isEmpty() || now.isBefore(claim.term().renewAt())) {
			return claim;
		}
		Query query = Query
			.query(ids(version, unsent).and("claim").is(claim.token()).and("status").in(CLAIMED, SENDING));
		long renewed = this.mongo
			.updateMulti(query, new Update().set("claimedAt", now).set("updatedAt", now), COLLECTION)
			.getMatchedCount();
		boolean exclusive = now.isBefore(claim.exclusiveUntil()) && renewed == unsent.size();
		return claim.renewed(now, exclusive);
	}

	/**
	 * Records the outcomes of the messages just sent and marks the next ones as being
	 * sent, in one round trip. While the claim is exclusive (younger than half its
	 * timeout) nobody else can have taken it over, and the deliveries are found by id
	 * alone; after that, each is marked only if it is still claimed under this claim's
	 * token (a compare-and-set).
	 * @param version the alert version
	 * @param previous the outcomes of the messages just sent, if any
	 * @param next the subscribers whose messages are sent next, if any
	 * @param claim the claim the caller holds
	 * @return those of {@code next} the caller still holds and may send (another instance
	 * may have taken over a claim that outlasted its timeout)
	 */
	List<SubscriberId> advance(AlertVersion version, List<Outcome> previous, List<SubscriberId> next, Claim claim) {
		if (previous.isEmpty() && next.isEmpty()) {
			return List.of();
		}
		Date now = Date.from(this.clock.instant());
		// Written with the driver's own models: this runs once per message, and Spring
		// Data's mapping of each Query and Update cost more CPU than the write itself
		// (docs/performance-log.md). The documents are plain strings and dates.
		List<WriteModel<Document>> writes = new ArrayList<>(previous.size() + 1);
		for (Outcome outcome : previous) {
			Document set = new Document("status", WireFormat.name(outcome.status().wire()))
				.append("detail", outcome.detail())
				.append("updatedAt", now);
			if (outcome.status() == OutcomeStatus.IN_DOUBT) {
				set.append(PARKING, SmtpSender.IN_DOUBT);
			}
			writes.add(new UpdateOneModel<>(new Document("_id", key(version, outcome.subscriber())),
					new Document("$set", set)));
		}
		if (!next.isEmpty()) {
			Document which = new Document("_id", (next.size() == 1) ? key(version, next.getFirst())
					: new Document("$in", next.stream().map((subscriber) -> key(version, subscriber)).toList()));
			if (!now.toInstant().isBefore(claim.exclusiveUntil())) {
				which.append("claim", claim.token()).append("status", CLAIMED);
			}
			Document sending = new Document("$set", new Document("status", SENDING).append("updatedAt", now));
			writes
				.add((next.size() == 1) ? new UpdateOneModel<>(which, sending) : new UpdateManyModel<>(which, sending));
		}
		int matched = this.mongo
			.execute(COLLECTION, (collection) -> collection.bulkWrite(writes, new BulkWriteOptions().ordered(true)))
			.getMatchedCount();
		if (matched == previous.size() + next.size()) {
			return next;
		}
		if (next.isEmpty()) {
			return List.of();
		}
		// Some were taken over: find which are still this caller's.
		Query query = mine(version, next, claim.token(), SENDING);
		query.fields().include("subscriberId");
		Set<String> still = new HashSet<>();
		this.mongo.find(query, Document.class, COLLECTION)
			.forEach((document) -> still.add(document.getString("subscriberId")));
		return next.stream().filter((subscriber) -> still.contains(subscriber.toString())).toList();
	}

	private static Query mine(AlertVersion version, List<SubscriberId> subscribers, String claim, String status) {
		return Query.query(ids(version, subscribers).and("claim").is(claim).and("status").is(status));
	}

	private static Criteria ids(AlertVersion version, List<SubscriberId> subscribers) {
		return (subscribers.size() == 1) ? Criteria.where("_id").is(key(version, subscribers.getFirst()))
				: Criteria.where("_id").in(subscribers.stream().map((subscriber) -> key(version, subscriber)).toList());
	}

	/**
	 * Records outcomes of claimed deliveries, in one bulk write.
	 * @param version the alert version
	 * @param outcomes each subscriber's outcome
	 */
	void record(AlertVersion version, List<Outcome> outcomes) {
		record(version, outcomes, null);
	}

	/**
	 * Records outcomes of claimed deliveries, in one bulk write.
	 * @param version the alert version
	 * @param outcomes each subscriber's outcome
	 * @param parking for dead letters, the reason their record on the dead-letter topic
	 * gives, kept until {@link #parked} says it is written
	 */
	void record(AlertVersion version, List<Outcome> outcomes, @Nullable String parking) {
		if (outcomes.isEmpty()) {
			return;
		}
		Instant now = this.clock.instant();
		BulkOperations bulk = this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
		for (Outcome outcome : outcomes) {
			Update update = outcome(outcome, now);
			if (parking != null) {
				update.set(PARKING, parking);
			}
			bulk.updateOne(Query.query(Criteria.where("_id").is(key(version, outcome.subscriber()))), update);
		}
		bulk.execute();
	}

	/**
	 * Notes that the dead letter of these deliveries is on the dead-letter topic: a batch
	 * read again leaves them alone.
	 * @param version the alert version
	 * @param subscribers the deliveries dead-lettered
	 */
	void parked(AlertVersion version, List<SubscriberId> subscribers) {
		if (subscribers.isEmpty()) {
			return;
		}
		this.mongo.updateMulti(Query.query(ids(version, subscribers).and(PARKING).exists(true)),
				new Update().unset(PARKING), COLLECTION);
	}

	/**
	 * Records outcomes of deliveries that were never claimed (the subscriber may not be
	 * mailed), unless the ledger already has them.
	 * @param version the alert version
	 * @param outcomes each subscriber's outcome
	 */
	void recordUnclaimed(AlertVersion version, List<Outcome> outcomes) {
		if (outcomes.isEmpty()) {
			return;
		}
		Instant now = this.clock.instant();
		BulkOperations bulk = this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
		for (Outcome outcome : outcomes) {
			bulk.upsert(Query.query(Criteria.where("_id").is(key(version, outcome.subscriber()))),
					new Update().setOnInsert("status", WireFormat.name(outcome.status().wire()))
						.setOnInsert("detail", outcome.detail())
						.setOnInsert("updatedAt", now)
						.setOnInsert("alertId", version.alertId().toString())
						.setOnInsert("version", version.version())
						.setOnInsert("subscriberId", outcome.subscriber().toString()));
		}
		bulk.execute();
	}

	private static Update outcome(Outcome outcome, Instant now) {
		return new Update().set("status", WireFormat.name(outcome.status().wire()))
			.set("detail", outcome.detail())
			.set("updatedAt", now);
	}

	private static @Nullable Instant instant(@Nullable Object value) {
		return switch (value) {
			case Date date -> date.toInstant();
			case Instant instant -> instant;
			case null, default -> null;
		};
	}

	static String key(AlertVersion version, SubscriberId subscriber) {
		return version.key() + ":" + subscriber;
	}

	/**
	 * What a claim found.
	 *
	 * @param owned deliveries this caller now owns and should send
	 * @param inDoubt deliveries a stopped instance had handed to the SMTP server: set
	 * aside, not sent
	 * @param busy deliveries another instance holds, to be looked at again later
	 * @param busyUntil when the last of those claims may be taken over
	 * @param token this claim's token, which must still be on a delivery to send it
	 * @param exclusiveUntil until when nobody else can take the claim over
	 * @param recorded the outcomes the ledger already had, to be published again (a batch
	 * read again may not have published them the first time)
	 * @param unparked dead-lettered deliveries whose record on the dead-letter topic was
	 * never known to be written, by the reason it gives: this caller writes it
	 * @param term when the claim was made or last renewed, and its timeout
	 */
	record Claim(List<SubscriberId> owned, List<SubscriberId> inDoubt, List<SubscriberId> busy,
			@Nullable Instant busyUntil, String token, Instant exclusiveUntil, List<Outcome> recorded,
			Map<String, List<SubscriberId>> unparked, Term term) {

		Claim renewed(Instant now, boolean exclusive) {
			Term renewed = new Term(now, this.term.timeout());
			Instant until = exclusive ? now.plus(this.term.timeout().dividedBy(2)) : this.exclusiveUntil;
			return new Claim(this.owned, this.inDoubt, this.busy, this.busyUntil, this.token, until, this.recorded,
					this.unparked, renewed);
		}

	}

	/**
	 * When a claim was made or last renewed, and its timeout.
	 *
	 * @param since when the claim was made or last renewed
	 * @param timeout after this, another instance may take the claim over
	 */
	record Term(Instant since, Duration timeout) {

		static final Term NONE = new Term(Instant.MAX, Duration.ZERO);

		/**
		 * When the claim is renewed next: a third of its timeout after {@link #since()},
		 * before it stops being exclusive at half.
		 * @return the time
		 */
		Instant renewAt() {
			return this.since.equals(Instant.MAX) ? Instant.MAX : this.since.plus(this.timeout.dividedBy(3));
		}

	}

	/**
	 * One delivery's outcome.
	 *
	 * @param subscriber the recipient's id
	 * @param status the outcome
	 * @param detail the reply code or the reason, never an address
	 */
	record Outcome(SubscriberId subscriber, OutcomeStatus status, String detail) {
	}

}
