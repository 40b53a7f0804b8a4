package org.solidarityalerts.ingest.progress;

import java.time.Clock;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent;
import org.solidarityalerts.contract.DeliveryEvent.AudienceResolved;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryRecorded;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.MailEvent;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.service.LatestOutcomes;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The progress of each alert version's fan-out, in ingest's own collections, built as the
 * dashboard builds its board: every event is applied once, by its id; each subscriber's
 * delivery keeps its latest status (a delivery sent or failed for good keeps that
 * status), and the version's counters move by single-document atomic increments (the new
 * status up, the previous one down), so a delivery deferred and then sent counts once, as
 * sent. No transactions. Subscribers appear by id, never by address.
 */
@Component
public class DeliveryProgress {

	static final String SEEN = "progress_seen_events";

	static final String VERSIONS = "progress_versions";

	static final String OUTCOMES = "progress_outcomes";

	private final MongoTemplate mongo;

	private final Clock clock;

	DeliveryProgress(MongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
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
		this.mongo.upsert(byId(event.alertVersion().key()),
				versionFields(event.alertVersion()).set("audience", event.audience())
					.set("resolvedAt", Date.from(event.occurredAt())),
				VERSIONS);
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
		this.mongo.upsert(byId(event.alertVersion().key()), counters, VERSIONS);
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
