package org.solidarityalerts.ingest.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.UUID;

import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.ingest.alert.StoredAlert.StoredEvent;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The alerts collection and its outbox. Every write touches one document and is atomic,
 * so no multi-document transaction is needed: an alert and the events to publish for it
 * are stored together or not at all.
 */
@Component
public class AlertStore {

	private static final List<AlertKind> URGENT_KINDS = Arrays.stream(AlertKind.values())
		.filter(AlertKind::urgent)
		.toList();

	private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

	private final MongoTemplate mongo;

	AlertStore(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	void insert(StoredAlert alert) {
		this.mongo.insert(alert);
	}

	Optional<StoredAlert> find(String id) {
		return Optional.ofNullable(this.mongo.findById(id, StoredAlert.class));
	}

	/**
	 * Appends a version to an alert in one atomic write, if the alert is still at the
	 * version the caller read and not cancelled: the event joins the outbox, and the
	 * relay's next due time moves forward if the event is due earlier.
	 * @param id the alert
	 * @param readVersion the version the change was based on
	 * @param event the new version's event
	 * @param changes further fields to set
	 * @return true if it was appended, false if the alert changed meanwhile
	 */
	boolean append(String id, int readVersion, StoredEvent event, Update changes) {
		Query unchanged = Query
			.query(Criteria.where("_id").is(id).and("version").is(readVersion).and("cancelled").is(false));
		Update update = changes.push("events", event)
			.set("version", event.version())
			.set("updatedAt", event.createdAt())
			.set("pending", true)
			.min("nextDueAt", event.notBefore());
		return this.mongo.updateFirst(unchanged, update, StoredAlert.class).getModifiedCount() == 1;
	}

	/**
	 * A page of alerts, newest first, in a stable order.
	 * @param filter which alerts
	 * @param page the page, from 0
	 * @param size the page size
	 * @return the page's alerts and the number of all that match
	 */
	Page page(AlertFilter filter, int page, int size) {
		Criteria criteria = new Criteria();
		if (filter.organisation() != null) {
			criteria.and("organisation").is(filter.organisation());
		}
		if (filter.campaign() != null) {
			criteria.and("campaignId").is(filter.campaign());
		}
		if (filter.kind() != null) {
			criteria.and("kind").is(filter.kind());
		}
		if (filter.cancelled() != null) {
			criteria.and("cancelled").is(filter.cancelled());
		}
		if (filter.from() != null && filter.to() != null) {
			criteria.and("publishAt").gte(filter.from()).lt(filter.to());
		}
		else if (filter.from() != null) {
			criteria.and("publishAt").gte(filter.from());
		}
		else if (filter.to() != null) {
			criteria.and("publishAt").lt(filter.to());
		}
		Query query = Query.query(criteria);
		long total = this.mongo.count(query, StoredAlert.class);
		query.with(Sort.by(Sort.Order.desc("createdAt"), Sort.Order.asc("_id"))).skip((long) page * size).limit(size);
		return new Page(this.mongo.find(query, StoredAlert.class), total);
	}

	/**
	 * The campaigns an organisation's alerts belong to.
	 * @param organisation the organisation
	 * @return each campaign with its latest name and its number of alerts, by id
	 */
	List<CampaignView> campaigns(String organisation) {
		Query query = Query.query(Criteria.where("organisation").is(organisation))
			.with(Sort.by(Sort.Order.asc("updatedAt"), Sort.Order.asc("_id")));
		query.fields().include("campaignId", "campaignName", "updatedAt");
		Map<String, CampaignView> campaigns = new TreeMap<>();
		for (Document alert : this.mongo.find(query, Document.class, "alerts")) {
			String id = alert.getString("campaignId");
			String name = alert.getString("campaignName");
			Instant updated = alert.getDate("updatedAt").toInstant();
			CampaignView known = campaigns.get(id);
			campaigns.put(id, new CampaignView(id, (name != null) ? name : id, (known != null) ? known.alerts() + 1 : 1,
					updated));
		}
		return List.copyOf(campaigns.values());
	}

	/**
	 * Claims one alert whose outbox has an event due, for one relay instance, for the
	 * length of a lease: an urgent action before any other alert, so that when several
	 * are due (after Kafka was down, say) one waits for no other alert but the one being
	 * published.
	 * @param now the current time
	 * @param lease how long the claim lasts
	 * @return the claimed alert's outbox, or empty if nothing is due
	 */
	public Optional<Claim> claimDue(Instant now, Duration lease) {
		Optional<Claim> urgent = claimDue(now, lease, Criteria.where("kind").in(URGENT_KINDS));
		return urgent.isPresent() ? urgent : claimDue(now, lease, null);
	}

	private Optional<Claim> claimDue(Instant now, Duration lease, @Nullable Criteria kinds) {
		Query due = Query
			.query(Criteria.where("pending")
				.is(true)
				.and("nextDueAt")
				.lte(now)
				.orOperator(Criteria.where("leaseUntil").isNull(), Criteria.where("leaseUntil").lt(now)))
			.limit(1);
		if (kinds != null) {
			due.addCriteria(kinds);
		}
		String token = UUID.randomUUID().toString();
		StoredAlert claimed = this.mongo.findAndModify(due,
				new Update().set("leaseUntil", now.plus(lease)).set("leaseToken", token),
				FindAndModifyOptions.options().returnNew(true), StoredAlert.class);
		if (claimed == null) {
			return Optional.empty();
		}
		List<DueEvent> dueEvents = new ArrayList<>();
		for (int i = 0; i < claimed.events().size(); i++) {
			StoredEvent event = claimed.events().get(i);
			if (event.publishedAt() != null) {
				continue;
			}
			if (event.notBefore().isAfter(now)) {
				break;
			}
			dueEvents.add(new DueEvent(i, event.topic(), claimed.id(), readEvent(event.body()), event.traceparent()));
		}
		return Optional.of(new Claim(claimed.id(), token, claimed.events().size(), dueEvents,
				nextDue(claimed.events(), dueEvents.size())));
	}

	/**
	 * Records that Kafka acknowledged a claim's events, and releases the claim.
	 * @param claim the claim
	 * @param publishedAt when they were acknowledged
	 */
	public void markPublished(Claim claim, Instant publishedAt) {
		Update update = new Update().unset("leaseUntil").unset("leaseToken");
		for (DueEvent event : claim.events()) {
			update.set("events." + event.index() + ".publishedAt", publishedAt);
		}
		if (claim.nextDueAt() == null) {
			update.set("pending", false).unset("nextDueAt");
		}
		else {
			update.set("nextDueAt", claim.nextDueAt());
		}
		// If the organiser appended an event meanwhile, the outbox is not complete: leave
		// it pending.
		Query unchanged = Query.query(Criteria.where("_id")
			.is(claim.alertId())
			.and("leaseToken")
			.is(claim.token())
			.and("events")
			.size(claim.eventCount()));
		if (this.mongo.updateFirst(unchanged, update, StoredAlert.class).getModifiedCount() == 1) {
			return;
		}
		Update partial = new Update().unset("leaseUntil").unset("leaseToken");
		for (DueEvent event : claim.events()) {
			partial.set("events." + event.index() + ".publishedAt", publishedAt);
		}
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(claim.alertId())), partial, StoredAlert.class);
	}

	/**
	 * Gives a claim back unpublished, to be tried again after a pause.
	 * @param claim the claim
	 * @param retryAt when the alert may be claimed again
	 */
	public void release(Claim claim, Instant retryAt) {
		this.mongo.updateFirst(
				Query.query(Criteria.where("_id").is(claim.alertId()).and("leaseToken").is(claim.token())),
				new Update().set("leaseUntil", retryAt).unset("leaseToken"), StoredAlert.class);
	}

	static Document writeEvent(AlertEvent event) {
		return Document.parse(WireFormat.jsonMapper().writeValueAsString(event));
	}

	static AlertEvent readEvent(Document body) {
		return WireFormat.jsonMapper().readValue(body.toJson(RELAXED), AlertEvent.class);
	}

	private static @Nullable Instant nextDue(List<StoredEvent> events, int publishing) {
		int seen = 0;
		for (StoredEvent event : events) {
			if (event.publishedAt() == null) {
				if (seen++ >= publishing) {
					return event.notBefore();
				}
			}
		}
		return null;
	}

	/**
	 * Which alerts to list.
	 *
	 * @param organisation only this organisation's, or every organisation's if null
	 * @param campaign only this campaign's
	 * @param kind only of this kind
	 * @param cancelled only cancelled ones (true) or active ones (false)
	 * @param from only those published (or embargoed until) at or after this
	 * @param to only those published (or embargoed until) before this
	 */
	record AlertFilter(@Nullable String organisation, @Nullable String campaign, @Nullable AlertKind kind,
			@Nullable Boolean cancelled, @Nullable Instant from, @Nullable Instant to) {
	}

	/**
	 * One page of alerts.
	 *
	 * @param alerts the page's alerts
	 * @param total how many alerts match in all
	 */
	record Page(List<StoredAlert> alerts, long total) {
	}

	/**
	 * What the outbox holds that is due and not yet published: how many alerts, and since
	 * when the oldest of them has been due.
	 * @param now the current time
	 * @return the backlog
	 */
	public OutboxBacklog outboxBacklog(Instant now) {
		Query due = Query.query(Criteria.where("pending").is(true).and("nextDueAt").lte(now));
		long count = this.mongo.count(due, StoredAlert.class);
		due.with(Sort.by("nextDueAt")).limit(1);
		due.fields().include("nextDueAt");
		Document oldest = this.mongo.findOne(due, Document.class, this.mongo.getCollectionName(StoredAlert.class));
		Object dueAt = (oldest != null) ? oldest.get("nextDueAt") : null;
		return new OutboxBacklog(count, (dueAt instanceof Date date) ? date.toInstant() : null);
	}

	/**
	 * The outbox's backlog.
	 *
	 * @param alerts alerts with an event due and not yet published
	 * @param oldestDueAt since when the oldest of them has been due, or null if none is
	 */
	public record OutboxBacklog(long alerts, @Nullable Instant oldestDueAt) {
	}

	/**
	 * An alert's due events, claimed by one relay instance.
	 *
	 * @param alertId the alert
	 * @param token the claim's token
	 * @param eventCount how many events the alert had when claimed
	 * @param events the due events, in order
	 * @param nextDueAt when the next event not in this claim is due, or null if there is
	 * none
	 */
	public record Claim(String alertId, String token, int eventCount, List<DueEvent> events,
			@Nullable Instant nextDueAt) {
	}

	/**
	 * An event to publish.
	 *
	 * @param index its place in the alert's events
	 * @param topic the topic it goes to
	 * @param key its record key, the alert id
	 * @param event the event
	 * @param traceparent the trace context it was stored in, or null
	 */
	public record DueEvent(int index, String topic, String key, AlertEvent event, @Nullable String traceparent) {
	}

}
