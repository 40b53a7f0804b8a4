package org.solidarityalerts.ingest.progress;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
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
 * The progress of each alert version's fan-out, in ingest's own collections, built as the
 * dashboard builds its board: every event is applied once, by its id; each subscriber's
 * delivery keeps its latest status (a delivery sent or failed for good keeps that
 * status), and the version's counters move by single-document atomic increments (the new
 * status up, the previous one down), so a delivery deferred and then sent counts once, as
 * sent. No transactions. Subscribers appear by id, never by address.
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
	 * Applies an event, unless it was applied before.
	 * @param event a delivery or mail event; others are ignored
	 * @return whether it changed the progress
	 */
	boolean apply(ContractEvent event) {
		boolean relevant = switch (event) {
			case AudienceResolved resolved -> true;
			case DeliveryRecorded recorded -> true;
			case MailEvent.FeedbackReceived feedback -> feedback.alertVersion() != null;
			default -> false;
		};
		if (!relevant || !firstSighting(event)) {
			return false;
		}
		switch (event) {
			case AudienceResolved resolved -> audience(resolved);
			case DeliveryRecorded recorded -> delivery(recorded);
			case MailEvent.FeedbackReceived feedback -> feedback(feedback);
			default -> {
			}
		}
		return true;
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

	private void delivery(DeliveryRecorded event) {
		String status = WireFormat.name(event.status());
		String key = event.alertVersion().key() + ":" + event.subscriber();
		Update set = new Update().set("alertId", event.alertVersion().alertId().toString())
			.set("version", event.alertVersion().version())
			.set("status", status)
			.set("at", Date.from(event.occurredAt()));
		LatestOutcomes.Change change = LatestOutcomes.record(this.mongo, OUTCOMES, key, set, status);
		if (change == null) {
			return;
		}
		Update counters = change.count(versionFields(event.alertVersion()));
		finishIfComplete(this.mongo.findAndModify(byId(event.alertVersion().key()), counters,
				FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, VERSIONS));
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

}
