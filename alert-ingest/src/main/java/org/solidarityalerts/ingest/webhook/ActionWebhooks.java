package org.solidarityalerts.ingest.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.ingest.IngestProperties;
import org.solidarityalerts.ingest.alert.ActionTotalsChanged;

import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code alert.actions.changed}, coalesced: at most one call per alert per
 * {@code alert.ingest.webhooks.actions-interval}, the first at once and the last change
 * never lost. A thousand readers acting within a minute make one call at once and one
 * trailing call with the totals after the interval.
 * <p>
 * The state is one MongoDB document per alert ({@code webhook_action_changes}), never a
 * timer in memory, so a restart loses no trailing call. Each change raises the totals
 * there ({@code $max}) and marks the alert {@code dirty}; a call is claimed by one atomic
 * find-and-modify that matches only a dirty alert whose {@code nextAllowedAt} has come,
 * clears {@code dirty}, moves {@code nextAllowedAt} on by the interval and numbers the
 * call ({@code seq}). A change that lands after a claim marks the alert dirty again, so
 * it makes the trailing call, which {@link #dueCalls()} claims once the interval is over
 * (by the injected clock). The claim also sets {@code firing} until the deliveries are
 * queued (their ids are the alert's and the call's number, so queuing again queues
 * nothing twice): a crash in between is recovered by queuing that call again after a
 * lease. Single-document writes only, no transactions.
 */
@Component
class ActionWebhooks {

	private static final Logger logger = LoggerFactory.getLogger(ActionWebhooks.class);

	static final String COLLECTION = "webhook_action_changes";

	private static final int BATCH = 100;

	private final MongoTemplate mongo;

	private final WebhookStore store;

	private final WebhookSender sender;

	private final IngestProperties.Webhooks properties;

	private final Clock clock;

	ActionWebhooks(MongoTemplate mongo, WebhookStore store, WebhookSender sender, IngestProperties properties,
			Clock clock) {
		this.mongo = mongo;
		this.store = store;
		this.sender = sender;
		this.properties = properties.webhooks();
		this.clock = clock;
	}

	/**
	 * Records a change of an alert's totals, and makes a call at once unless one was made
	 * within the interval. Nothing is recorded for an organisation without endpoints.
	 * @param changed the alert's totals
	 */
	@EventListener
	void onChanged(ActionTotalsChanged changed) {
		String organisation = this.sender.organisationOf(changed.alertId());
		if (organisation == null || this.store.count(organisation) == 0) {
			return;
		}
		Update update = new Update().set("organisation", organisation)
			.set("dirty", true)
			.max("changedAt", Date.from(changed.changedAt()));
		for (ActionTotalsChanged.Total total : changed.totals()) {
			update.set("totals.a" + total.action() + ".action", total.action())
				.set("totals.a" + total.action() + ".kind", total.kind())
				.max("totals.a" + total.action() + ".total", total.total());
		}
		this.mongo.upsert(byId(changed.alertId()), update, COLLECTION);
		call(changed.alertId());
	}

	/**
	 * Makes the trailing calls whose interval is over, and queues again the calls claimed
	 * by an instance that stopped before queuing them.
	 */
	@Scheduled(fixedDelayString = "${alert.ingest.webhooks.poll-interval:1s}")
	void dueCalls() {
		try {
			Date now = Date.from(this.clock.instant());
			for (Document due : this.mongo.find(
					Query.query(Criteria.where("dirty").is(true).and("nextAllowedAt").lte(now)).limit(BATCH),
					Document.class, COLLECTION)) {
				call(due.getString("_id"));
			}
			Date abandoned = Date.from(this.clock.instant().minus(this.properties.lease()));
			for (Document stuck : this.mongo.find(
					Query.query(Criteria.where("firing").is(true).and("firedAt").lt(abandoned)).limit(BATCH),
					Document.class, COLLECTION)) {
				queue(stuck);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not make the due alert.actions.changed calls; will try again", ex);
		}
	}

	private void call(String alertId) {
		Instant now = this.clock.instant();
		Query due = Query.query(Criteria.where("_id")
			.is(alertId)
			.and("dirty")
			.is(true)
			.orOperator(Criteria.where("nextAllowedAt").exists(false),
					Criteria.where("nextAllowedAt").lte(Date.from(now))));
		Document claimed = this.mongo.findAndModify(due,
				new Update().set("dirty", false)
					.set("nextAllowedAt", Date.from(now.plus(interval())))
					.inc("seq", 1)
					.set("firing", true)
					.set("firedAt", Date.from(now)),
				FindAndModifyOptions.options().returnNew(true), Document.class, COLLECTION);
		if (claimed != null) {
			queue(claimed);
		}
	}

	private void queue(Document claimed) {
		String alertId = claimed.getString("_id");
		long seq = ((Number) claimed.get("seq")).longValue();
		List<ActionsChangedPayload.Action> actions = new ArrayList<>();
		Document totals = claimed.get("totals", Document.class);
		if (totals != null) {
			for (Object value : totals.values()) {
				Document total = (Document) value;
				actions.add(new ActionsChangedPayload.Action(total.getInteger("action", 0), total.getString("kind"),
						((Number) total.get("total")).longValue()));
			}
		}
		actions.sort(Comparator.comparingInt(ActionsChangedPayload.Action::action));
		Instant changedAt = claimed.getDate("changedAt").toInstant();
		String payload = new ActionsChangedPayload(ActionsChangedPayload.TYPE, changedAt,
				new ActionsChangedPayload.Data(alertId, actions, changedAt))
			.json();
		this.sender.enqueue(claimed.getString("organisation"), "actions-changed." + alertId + "." + seq,
				ActionsChangedPayload.TYPE, alertId, payload);
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(alertId).and("seq").is(claimed.get("seq"))),
				new Update().unset("firing"), COLLECTION);
	}

	private Duration interval() {
		return this.properties.actionsInterval();
	}

	private static Query byId(String id) {
		return Query.query(Criteria.where("_id").is(id));
	}

}
