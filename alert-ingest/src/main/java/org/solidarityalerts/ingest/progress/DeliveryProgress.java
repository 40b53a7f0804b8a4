package org.solidarityalerts.ingest.progress;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent;
import org.solidarityalerts.contract.DeliveryEvent.AudienceResolved;
import org.solidarityalerts.contract.DeliveryEvent.DeliveriesRecorded;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryRecorded;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.MailEvent;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.service.CountedOffsets;
import org.solidarityalerts.service.LatestOutcomes;
import org.solidarityalerts.service.OutcomeParts;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The progress of each alert version's fan-out, in ingest's own collections, built from
 * batches of events as they are read: each subscriber's delivery keeps its latest status
 * (a delivery sent or failed for good keeps that status) and the events that changed it,
 * all of a batch's deliveries read in one round trip and written in another, and the
 * version's counters move by one single-document atomic increment per batch (the new
 * statuses up, the previous ones down), so a delivery deferred and then sent counts once,
 * as sent. That increment also records the offset of the last event it counts: after a
 * crash between a delivery's status and its version's counters, the event read again
 * finds its change in the delivery's document and has it counted then, and an event
 * already counted is not counted again, so each change counts exactly once. (A topic
 * deleted and created again restarts its offsets: versions counted before would then
 * count nothing more from it.) A batch record ({@code delivery.batch-recorded}) is read
 * as its entries, each an event of its own with an id of its own, read at the record's
 * offset; a record's entries belong to one version and are counted in the same write, so
 * the offset a version keeps still tells which were counted. An audience is set, which
 * may be repeated; a bounce or complaint is counted with the offset it was read at, then
 * remembered by its event id, so it counts once whether it is read again or published
 * twice. No transactions. Subscribers appear by id, never by address.
 * <p>
 * A version's fan-out is finished once its audience is known and as many of its readers
 * have a final outcome (sent, failed, dead-lettered; deferred is not final), whichever
 * event comes last, an audience of 0 included. Every write that may finish it reads the
 * version back as it wrote it (find-and-modify returning the new document); a writer that
 * sees it finished sets {@code finishedAt} with an update that matches only while it is
 * absent, and only the writer whose update matched announces {@link FanOutFinished}, then
 * records {@code finishAnnounced}. A crash (or a failing listener) between the two leaves
 * {@code finishAnnounced} false: {@link #announceUnannounced()} announces it again after
 * a grace period, so the announcement may be repeated but is never lost; listeners make
 * it idempotent (the webhook delivery's id is the version's and the event type's). This
 * recovery was chosen over announcing before the flag, because the flag alone decides who
 * announces, and a version read as finished by two writers is announced once.
 */
@Component
public class DeliveryProgress {

	private static final Logger logger = LoggerFactory.getLogger(DeliveryProgress.class);

	/**
	 * How long the writer that finished a version has to announce it before a sweep does.
	 */
	static final Duration ANNOUNCE_GRACE = Duration.ofSeconds(30);

	static final String SEEN = "progress_seen_events";

	static final String VERSIONS = "progress_versions";

	static final String OUTCOMES = "progress_outcomes";

	private final MongoTemplate mongo;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final int outcomesPerPart;

	@Autowired
	DeliveryProgress(MongoTemplate mongo, Clock clock, ApplicationEventPublisher events) {
		this(mongo, clock, events, OutcomeParts.MAX_OUTCOMES);
	}

	DeliveryProgress(MongoTemplate mongo, Clock clock, ApplicationEventPublisher events, int outcomesPerPart) {
		this.mongo = mongo;
		this.clock = clock;
		this.events = events;
		this.outcomesPerPart = outcomesPerPart;
	}

	/**
	 * Applies a batch of events in the order they were read, each event once however
	 * often it is read: a delivery's change is counted by one write per version and
	 * batch, which also records how far into its topic's partition the counts go, so an
	 * event read again after a crash (its delivery's latest status written, its change
	 * not yet counted) gets its change counted then, and an event already counted is not
	 * counted again. Other events are applied once by their ids.
	 * @param batch the events with where they were read
	 * @throws NotApplied if an event could not be applied; it names the first event from
	 * which the batch must be read again
	 */
	void apply(List<Sighting> batch) {
		// A part at a time, so that its queries and writes stay small however many
		// outcomes its records hold; those before a part that fails are applied.
		int from = 0;
		for (List<Sighting> part : OutcomeParts.of(batch, Sighting::event, this.outcomesPerPart)) {
			try {
				applyPart(part);
			}
			catch (NotApplied ex) {
				throw new NotApplied(from + ex.from(), (RuntimeException) ex.getCause());
			}
			from += part.size();
		}
	}

	private void applyPart(List<Sighting> batch) {
		List<Sighting> deliveries = new ArrayList<>();
		for (int i = 0; i < batch.size(); i++) {
			Sighting sighting = batch.get(i);
			if (sighting.event() instanceof DeliveryRecorded) {
				deliveries.add(sighting);
				continue;
			}
			if (sighting.event() instanceof DeliveriesRecorded recorded) {
				// Each entry as an event of its own, read where the record was.
				recorded.each().forEach((each) -> deliveries.add(sighting.of(each)));
				continue;
			}
			try {
				applyOnce(sighting);
			}
			catch (RuntimeException ex) {
				int from = i;
				try {
					recordAndCount(deliveries);
				}
				catch (RuntimeException again) {
					ex.addSuppressed(again);
					from = 0;
				}
				throw new NotApplied(from, ex);
			}
		}
		try {
			recordAndCount(deliveries);
		}
		catch (RuntimeException ex) {
			throw new NotApplied(0, ex);
		}
	}

	private void applyOnce(Sighting sighting) {
		switch (sighting.event()) {
			// Setting the audience again changes nothing: no need to remember the event.
			case AudienceResolved resolved -> audience(resolved);
			case MailEvent.FeedbackReceived feedback -> {
				if (feedback.alertVersion() != null && !seen(feedback)) {
					feedback(sighting, feedback);
					remember(feedback);
				}
			}
			default -> {
			}
		}
	}

	/**
	 * Records the latest statuses of a batch's deliveries and counts their changes.
	 */
	private void recordAndCount(List<Sighting> deliveries) {
		Counters counters = new Counters();
		statuses(deliveries).forEach(counters::add);
		counters.write();
	}

	/**
	 * The progress of each version of an alert; the caller has checked that the alert is
	 * the organisation's.
	 * @param alertId the alert
	 * @return one entry per version dispatch reported on, oldest first
	 */
	public List<Progress> of(String alertId) {
		return this.mongo
			.find(Query.query(Criteria.where("alertId").is(alertId)).with(Sort.by("version")), Document.class, VERSIONS)
			.stream()
			.map(DeliveryProgress::progress)
			.toList();
	}

	private static Progress progress(Document version) {
		Document counts = version.get("counts", Document.class);
		Document feedback = version.get("feedback", Document.class);
		return new Progress(version.getInteger("version", 0),
				version.containsKey("audience") ? number(version, "audience") : -1,
				number(counts, WireFormat.name(DeliveryStatus.SENT)),
				number(counts, WireFormat.name(DeliveryStatus.DEFERRED)),
				number(counts, WireFormat.name(DeliveryStatus.FAILED))
						+ number(counts, WireFormat.name(DeliveryStatus.DEAD_LETTERED)),
				number(feedback, WireFormat.name(MailEvent.Feedback.HARD_BOUNCE))
						+ number(feedback, WireFormat.name(MailEvent.Feedback.SOFT_BOUNCE)),
				number(feedback, WireFormat.name(MailEvent.Feedback.COMPLAINT)));
	}

	private static long number(Document document, String field) {
		return (document != null && document.get(field) instanceof Number number) ? number.longValue() : 0;
	}

	private boolean seen(ContractEvent event) {
		// A query by id: Spring Data asks exists() as an aggregation.
		Query seen = byId(event.eventId().toString());
		seen.fields().include("_id");
		return this.mongo.findOne(seen, Document.class, SEEN) != null;
	}

	private void remember(ContractEvent event) {
		try {
			this.mongo.insert(new Document("_id", event.eventId().toString()).append("type", event.type())
				.append("at", Date.from(this.clock.instant())), SEEN);
		}
		catch (DuplicateKeyException ex) {
			// Remembered by a consumer that read it too.
		}
	}

	private void audience(AudienceResolved event) {
		finishIfComplete(this.mongo.findAndModify(byId(event.alertVersion().key()),
				versionFields(event.alertVersion()).set("audience", event.audience())
					.set("resolvedAt", Date.from(event.occurredAt())),
				FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, VERSIONS));
	}

	/**
	 * Writes the latest statuses of a batch's deliveries in two round trips: their
	 * documents are read, the events applied to them in order (an event a document
	 * already names gives the change it made then), and each changed document is written
	 * once, on condition that nobody wrote it since it was read ({@code seq}). If anyone
	 * did (a consumer the group has since replaced, still finishing its batch), the
	 * events are recorded again one at a time, which is right whatever the other wrote.
	 * @return the changes to count, with where each event was first read
	 */
	private List<Counted> statuses(List<Sighting> deliveries) {
		if (deliveries.isEmpty()) {
			return List.of();
		}
		Map<String, Delivery> byKey = new LinkedHashMap<>();
		deliveries.forEach((sighting) -> byKey.put(key((DeliveryRecorded) sighting.event()), new Delivery(null)));
		Query read = Query.query(Criteria.where("_id").in(byKey.keySet()));
		read.fields().include("status").include("seq").include("history");
		this.mongo.find(read, Document.class, OUTCOMES)
			.forEach((document) -> byKey.put(document.getString("_id"), new Delivery(document)));
		List<Counted> counted = new ArrayList<>();
		for (Sighting sighting : deliveries) {
			DeliveryRecorded event = (DeliveryRecorded) sighting.event();
			Counted change = byKey.get(key(event)).record(sighting, event);
			if (change != null) {
				counted.add(change);
			}
		}
		List<WriteModel<Document>> writes = new ArrayList<>();
		byKey.forEach((key, delivery) -> {
			if (delivery.changed()) {
				writes.add(delivery.write(key));
			}
		});
		if (writes.isEmpty() || written(writes)) {
			return counted;
		}
		logger.info("Deliveries of this batch were written by another consumer meanwhile; recording them one by one");
		counted.clear();
		for (Sighting sighting : deliveries) {
			Counted change = delivery(sighting, (DeliveryRecorded) sighting.event());
			if (change != null) {
				counted.add(change);
			}
		}
		return counted;
	}

	private boolean written(List<WriteModel<Document>> writes) {
		try {
			BulkWriteResult result = this.mongo.getCollection(OUTCOMES)
				.bulkWrite(writes, new BulkWriteOptions().ordered(false));
			return result.getMatchedCount() + result.getUpserts().size() == writes.size();
		}
		catch (MongoBulkWriteException ex) {
			if (ex.getWriteErrors().stream().allMatch((error) -> error.getCategory() == ErrorCategory.DUPLICATE_KEY)) {
				// Created by another writer since it was read.
				return false;
			}
			throw ex;
		}
	}

	private static String key(DeliveryRecorded event) {
		return event.alertVersion().key() + ":" + event.subscriber();
	}

	/**
	 * Records one event's status with a single conditional write.
	 */
	private @Nullable Counted delivery(Sighting sighting, DeliveryRecorded event) {
		String status = WireFormat.name(event.status());
		String key = key(event);
		String eventId = event.eventId().toString();
		Update update = new Update().set("alertId", event.alertVersion().alertId().toString())
			.set("version", event.alertVersion().version())
			.set("status", status)
			.set("at", Date.from(event.occurredAt()))
			.push("history", Delivery.entry(sighting, event))
			.inc("seq", 1);
		LatestOutcomes.Before before = LatestOutcomes.record(this.mongo, OUTCOMES, key, "history", eventId, update);
		if (before == null) {
			// Recorded before (read again, or published twice), or already sent or failed
			// for good by another event.
			Query byKey = byId(key);
			byKey.fields().include("history");
			return new Delivery(this.mongo.findOne(byKey, Document.class, OUTCOMES)).recorded(eventId,
					event.alertVersion());
		}
		LatestOutcomes.Change change = before.to(status);
		return (change != null)
				? new Counted(event.alertVersion(), sighting.position(), sighting.offset(), eventId, change) : null;
	}

	/**
	 * Writes a version's counted changes from one partition, unless they were counted
	 * before: the version keeps the offset of the last event it counted from each
	 * partition (a version's deliveries come from one partition, keyed by alert), and
	 * only later events are counted.
	 */
	private void count(Pending pending) {
		Query notYetCounted = Query.query(Criteria.where("_id")
			.is(pending.version().key())
			.and(pending.position())
			.not()
			.gte(pending.changes().firstKey()));
		Document version;
		try {
			version = this.mongo.findAndModify(notYetCounted, pending.update(-1),
					FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, VERSIONS);
		}
		catch (DuplicateKeyException ex) {
			version = countRest(pending);
		}
		finishIfComplete(version);
	}

	/**
	 * Counts the changes of a batch read again whose first events were counted before.
	 */
	private @Nullable Document countRest(Pending pending) {
		Query byId = byId(pending.version().key());
		Document stored = this.mongo.findOne(byId, Document.class, VERSIONS);
		long countedTo = CountedOffsets.in(stored, pending.position());
		Update rest = pending.update(countedTo);
		if (rest == null) {
			return stored;
		}
		Document version = this.mongo.findAndModify(byId.addCriteria(Criteria.where(pending.position()).is(countedTo)),
				rest, FindAndModifyOptions.options().returnNew(true), Document.class, VERSIONS);
		if (version == null) {
			throw new IllegalStateException("The counters of " + pending.version().key() + " moved while written");
		}
		return version;
	}

	/**
	 * Whether a version, as last written, has finished: its audience is known and as many
	 * readers have a final outcome.
	 * @param version the version's document
	 * @return whether its fan-out is finished
	 */
	static boolean finished(Document version) {
		if (!version.containsKey("audience")) {
			return false;
		}
		Progress progress = progress(version);
		return progress.sent() + progress.failed() >= progress.audience();
	}

	private void finishIfComplete(@Nullable Document version) {
		if (version == null || version.containsKey("finishedAt") || !finished(version)) {
			return;
		}
		Date at = Date.from(this.clock.instant());
		boolean first = this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(version.get("_id")).and("finishedAt").exists(false)),
					new Update().set("finishedAt", at).set("finishAnnounced", false), VERSIONS)
			.getMatchedCount() == 1;
		if (first) {
			version.put("finishedAt", at);
			announce(version);
		}
	}

	private void announce(Document version) {
		FanOutFinished finished = new FanOutFinished(version.getString("alertId"), progress(version),
				version.getDate("finishedAt").toInstant());
		this.events.publishEvent(finished);
		this.mongo.updateFirst(byId(version.getString("_id")), new Update().set("finishAnnounced", true), VERSIONS);
	}

	/**
	 * Announces the finished versions whose announcement was not recorded within a grace
	 * period (the writer crashed, or a listener failed), with their counters as they are
	 * now.
	 */
	@Scheduled(fixedDelay = 10, timeUnit = TimeUnit.SECONDS)
	void announceUnannounced() {
		Instant before = this.clock.instant().minus(ANNOUNCE_GRACE);
		Query unannounced = Query
			.query(Criteria.where("finishAnnounced").is(false).and("finishedAt").lt(Date.from(before)))
			.limit(100);
		try {
			for (Document version : this.mongo.find(unannounced, Document.class, VERSIONS)) {
				logger.info("Announcing again that the fan-out of {} finished", version.getString("_id"));
				announce(version);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not announce finished fan-outs; will try again", ex);
		}
	}

	/**
	 * Counts a report, unless the version counted its position before: a report read
	 * again after a crash between counting and remembering it is counted once, and one
	 * published twice is known by its id.
	 */
	private void feedback(Sighting sighting, MailEvent.FeedbackReceived event) {
		AlertVersion version = event.alertVersion();
		if (version == null) {
			return;
		}
		Query notYetCounted = Query
			.query(Criteria.where("_id").is(version.key()).and(sighting.position()).not().gte(sighting.offset()));
		try {
			this.mongo.upsert(notYetCounted,
					versionFields(version).inc("feedback." + WireFormat.name(event.feedback()), 1)
						.set(sighting.position(), sighting.offset()),
					VERSIONS);
		}
		catch (DuplicateKeyException ex) {
			// Counted before.
		}
	}

	private static Update versionFields(AlertVersion version) {
		return new Update().set("alertId", version.alertId().toString()).set("version", version.version());
	}

	private static Query byId(String id) {
		return Query.query(Criteria.where("_id").is(id));
	}

	/**
	 * An event with where it was read.
	 *
	 * @param topic its topic
	 * @param partition its partition
	 * @param offset its offset there
	 * @param event the event
	 */
	record Sighting(String topic, int partition, long offset, ContractEvent event) {

		/**
		 * The field of a version's document that keeps how far into this event's
		 * partition its counts go.
		 * @return the field's path
		 */
		String position() {
			return CountedOffsets.field(this.topic, this.partition);
		}

		/**
		 * Another event read at the same place: an entry of a batch record.
		 * @param part the entry as an event
		 * @return where it was read
		 */
		Sighting of(ContractEvent part) {
			return new Sighting(this.topic, this.partition, this.offset, part);
		}

	}

	/**
	 * A batch could not be applied from one of its events on; those before it are.
	 */
	static final class NotApplied extends RuntimeException {

		private final int from;

		NotApplied(int from, RuntimeException cause) {
			super("Progress not applied from the batch's event " + from, cause);
			this.from = from;
		}

		/**
		 * The first event to read again.
		 * @return its index in the batch
		 */
		int from() {
			return this.from;
		}

	}

	/**
	 * A delivery's change, with the partition and offset of the event that made it.
	 */
	private record Counted(AlertVersion version, String position, long offset, String eventId,
			LatestOutcomes.Change change) {
	}

	/**
	 * A delivery's document as read, and the events of a batch applied to it.
	 */
	private static final class Delivery {

		private final @Nullable Object seq;

		private @Nullable String status;

		private final List<Document> history;

		private final List<Document> added = new ArrayList<>();

		private @Nullable DeliveryRecorded latest;

		Delivery(@Nullable Document document) {
			this.seq = (document != null) ? document.get("seq") : null;
			this.status = (document != null) ? document.getString("status") : null;
			this.history = new ArrayList<>(
					(document != null) ? document.getList("history", Document.class, List.of()) : List.of());
		}

		static Document entry(Sighting sighting, DeliveryRecorded event) {
			return new Document("event", event.eventId().toString()).append("status", WireFormat.name(event.status()))
				.append("position", sighting.position())
				.append("offset", sighting.offset());
		}

		/**
		 * Applies an event: a delivery sent or failed for good keeps that status, and an
		 * event recorded before gives the change it made then.
		 */
		@Nullable Counted record(Sighting sighting, DeliveryRecorded event) {
			Counted before = recorded(event.eventId().toString(), event.alertVersion());
			if (before != null || names(event.eventId().toString())
					|| (this.status != null && LatestOutcomes.FINAL.contains(this.status))) {
				return before;
			}
			Document entry = entry(sighting, event);
			this.history.add(entry);
			this.added.add(entry);
			this.latest = event;
			String previous = this.status;
			this.status = entry.getString("status");
			return this.status.equals(previous) ? null : new Counted(event.alertVersion(), sighting.position(),
					sighting.offset(), event.eventId().toString(), new LatestOutcomes.Change(previous, this.status));
		}

		private boolean names(String eventId) {
			return this.history.stream().anyMatch((entry) -> eventId.equals(entry.getString("event")));
		}

		/**
		 * The change an event recorded before made, with where it was first read, which
		 * decides whether it was counted.
		 */
		@Nullable Counted recorded(String eventId, AlertVersion version) {
			for (int i = 0; i < this.history.size(); i++) {
				Document entry = this.history.get(i);
				if (eventId.equals(entry.getString("event"))) {
					String before = (i > 0) ? this.history.get(i - 1).getString("status") : null;
					String after = entry.getString("status");
					return after.equals(before) ? null
							: new Counted(version, entry.getString("position"),
									((Number) entry.get("offset")).longValue(), eventId,
									new LatestOutcomes.Change(before, after));
				}
			}
			return null;
		}

		boolean changed() {
			return !this.added.isEmpty();
		}

		/**
		 * The write of the events applied, on condition that the document is as read.
		 */
		WriteModel<Document> write(String key) {
			DeliveryRecorded event = this.latest;
			Document filter = new Document("_id", key).append("seq",
					(this.seq != null) ? this.seq : new Document("$exists", false));
			Document update = new Document("$set",
					new Document("alertId", event.alertVersion().alertId().toString())
						.append("version", event.alertVersion().version())
						.append("status", this.status)
						.append("at", Date.from(event.occurredAt())))
				.append("$push", new Document("history", new Document("$each", this.added)))
				.append("$inc", new Document("seq", this.added.size()));
			return new UpdateOneModel<>(filter, update, new UpdateOptions().upsert(true));
		}

	}

	/**
	 * A version's changes from one partition, by the offsets of the records that made
	 * them and then by event id (an event read twice is one change; the entries of a
	 * batch record share its offset, and are counted together).
	 */
	private record Pending(AlertVersion version, String position,
			SortedMap<Long, Map<String, LatestOutcomes.Change>> changes) {

		/**
		 * The update counting the changes after an offset.
		 * @param after the offset counted to, or -1
		 * @return the update, or null if there is nothing after it
		 */
		@Nullable Update update(long after) {
			SortedMap<Long, Map<String, LatestOutcomes.Change>> uncounted = this.changes.tailMap(after + 1);
			if (uncounted.isEmpty()) {
				return null;
			}
			Map<String, Long> counts = new TreeMap<>();
			uncounted.values().stream().flatMap((changes) -> changes.values().stream()).forEach((change) -> {
				counts.merge("counts." + change.after(), 1L, Long::sum);
				if (change.before() != null) {
					counts.merge("counts." + change.before(), -1L, Long::sum);
				}
			});
			Update update = versionFields(this.version).set(this.position, uncounted.lastKey());
			counts.forEach((field, delta) -> {
				if (delta != 0) {
					update.inc(field, delta);
				}
			});
			return update;
		}

	}

	/**
	 * A batch's changes to count, by version and partition, written once each.
	 */
	private final class Counters {

		private final Map<String, Pending> pending = new LinkedHashMap<>();

		void add(Counted counted) {
			this.pending
				.computeIfAbsent(counted.version().key() + " " + counted.position(),
						(key) -> new Pending(counted.version(), counted.position(), new TreeMap<>()))
				.changes()
				.computeIfAbsent(counted.offset(), (offset) -> new LinkedHashMap<>())
				.put(counted.eventId(), counted.change());
		}

		void write() {
			for (Iterator<Pending> each = this.pending.values().iterator(); each.hasNext();) {
				count(each.next());
				each.remove();
			}
		}

	}

}
