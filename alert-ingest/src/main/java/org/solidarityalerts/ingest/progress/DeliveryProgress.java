package org.solidarityalerts.ingest.progress;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent;
import org.solidarityalerts.contract.DeliveryEvent.AudienceResolved;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryRecorded;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.MailEvent;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.service.LatestOutcomes;

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
 * and the version's counters move by one single-document atomic increment per batch (the
 * new statuses up, the previous ones down), so a delivery deferred and then sent counts
 * once, as sent. That increment also records the offset of the last event it counts:
 * after a crash between a delivery's status and its version's counters, the event read
 * again finds its change in the delivery's document and has it counted then, and an event
 * already counted is not counted again, so each change counts exactly once. (A topic
 * deleted and created again restarts its offsets: versions counted before would then
 * count nothing more from it.) Audiences and feedback are applied once by their event
 * ids. No transactions. Subscribers appear by id, never by address.
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

	DeliveryProgress(MongoTemplate mongo, Clock clock, ApplicationEventPublisher events) {
		this.mongo = mongo;
		this.clock = clock;
		this.events = events;
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
		Counters counters = new Counters();
		for (int i = 0; i < batch.size(); i++) {
			try {
				apply(batch.get(i), counters);
			}
			catch (RuntimeException ex) {
				int from = i;
				try {
					counters.write();
				}
				catch (RuntimeException again) {
					ex.addSuppressed(again);
					from = 0;
				}
				throw new NotApplied(from, ex);
			}
		}
		try {
			counters.write();
		}
		catch (RuntimeException ex) {
			throw new NotApplied(0, ex);
		}
	}

	private void apply(Sighting sighting, Counters counters) {
		switch (sighting.event()) {
			case DeliveryRecorded recorded -> delivery(sighting, recorded, counters);
			case AudienceResolved resolved -> {
				if (firstSighting(resolved)) {
					audience(resolved);
				}
			}
			case MailEvent.FeedbackReceived feedback -> {
				if (feedback.alertVersion() != null && firstSighting(feedback)) {
					feedback(feedback);
				}
			}
			default -> {
			}
		}
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

	private boolean firstSighting(ContractEvent event) {
		try {
			this.mongo.insert(new Document("_id", event.eventId().toString()).append("type", event.type())
				.append("at", Date.from(this.clock.instant())), SEEN);
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	private void audience(AudienceResolved event) {
		finishIfComplete(this.mongo.findAndModify(byId(event.alertVersion().key()),
				versionFields(event.alertVersion()).set("audience", event.audience())
					.set("resolvedAt", Date.from(event.occurredAt())),
				FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, VERSIONS));
	}

	private void delivery(Sighting sighting, DeliveryRecorded event, Counters counters) {
		String status = WireFormat.name(event.status());
		String key = event.alertVersion().key() + ":" + event.subscriber();
		String eventId = event.eventId().toString();
		Update update = new Update().set("alertId", event.alertVersion().alertId().toString())
			.set("version", event.alertVersion().version())
			.set("status", status)
			.set("at", Date.from(event.occurredAt()))
			.push("history",
					new Document("event", eventId).append("status", status)
						.append("position", sighting.position())
						.append("offset", sighting.offset()));
		Document previous;
		try {
			previous = this.mongo.findAndModify(
					Query.query(Criteria.where("_id")
						.is(key)
						.and("status")
						.nin(LatestOutcomes.FINAL)
						.and("history.event")
						.ne(eventId)),
					update, FindAndModifyOptions.options().upsert(true).returnNew(false), Document.class, OUTCOMES);
		}
		catch (DuplicateKeyException ex) {
			// Recorded before (read again, or published twice), or already sent or failed
			// for good by another event.
			counters.add(event.alertVersion(), changeMadeBy(key, eventId));
			return;
		}
		String before = (previous != null) ? previous.getString("status") : null;
		if (!status.equals(before)) {
			counters.add(event.alertVersion(),
					new Counted(sighting.position(), sighting.offset(), new LatestOutcomes.Change(before, status)));
		}
	}

	/**
	 * The change an event recorded before made to a delivery, with where it was first
	 * read, which decides whether it was counted.
	 */
	private @Nullable Counted changeMadeBy(String key, String eventId) {
		Query byKey = byId(key);
		byKey.fields().include("history");
		Document delivery = this.mongo.findOne(byKey, Document.class, OUTCOMES);
		List<Document> history = (delivery != null) ? delivery.getList("history", Document.class, List.of())
				: List.of();
		for (int i = 0; i < history.size(); i++) {
			Document entry = history.get(i);
			if (eventId.equals(entry.getString("event"))) {
				String before = (i > 0) ? history.get(i - 1).getString("status") : null;
				String after = entry.getString("status");
				return after.equals(before) ? null : new Counted(entry.getString("position"),
						((Number) entry.get("offset")).longValue(), new LatestOutcomes.Change(before, after));
			}
		}
		return null;
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
		long countedTo = position(stored, pending.position());
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

	private static long position(@Nullable Document version, String field) {
		Object value = version;
		for (String part : field.split("\\.")) {
			value = (value instanceof Document document) ? document.get(part) : null;
		}
		return (value instanceof Number number) ? number.longValue() : -1;
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

	private void feedback(MailEvent.FeedbackReceived event) {
		AlertVersion version = event.alertVersion();
		if (version != null) {
			this.mongo.upsert(byId(version.key()),
					versionFields(version).inc("feedback." + WireFormat.name(event.feedback()), 1), VERSIONS);
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
			return "counted." + this.topic.replace('.', '_') + "-" + this.partition;
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
	private record Counted(String position, long offset, LatestOutcomes.Change change) {
	}

	/**
	 * A version's changes from one partition, by the offsets of the events that made them
	 * (an event read twice is one change).
	 */
	private record Pending(AlertVersion version, String position, SortedMap<Long, LatestOutcomes.Change> changes) {

		/**
		 * The update counting the changes after an offset.
		 * @param after the offset counted to, or -1
		 * @return the update, or null if there is nothing after it
		 */
		@Nullable Update update(long after) {
			SortedMap<Long, LatestOutcomes.Change> uncounted = this.changes.tailMap(after + 1);
			if (uncounted.isEmpty()) {
				return null;
			}
			Map<String, Long> counts = new TreeMap<>();
			uncounted.values().forEach((change) -> {
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

		void add(AlertVersion version, @Nullable Counted counted) {
			if (counted == null) {
				return;
			}
			this.pending
				.computeIfAbsent(version.key() + " " + counted.position(),
						(key) -> new Pending(version, counted.position(), new TreeMap<>()))
				.changes()
				.put(counted.offset(), counted.change());
		}

		void write() {
			for (Iterator<Pending> each = this.pending.values().iterator(); each.hasNext();) {
				count(each.next());
				each.remove();
			}
		}

	}

}
