package org.solidarityalerts.ingest.alert;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.ActionsReported;
import org.solidarityalerts.contract.Topics;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * How many readers said they took each action of an alert ("I did this" in its e-mails),
 * as dispatch publishes the totals: the latest per alert and action, one document each,
 * written with {@code $max} so that a total read late or twice never lowers it. They name
 * no reader. When a total goes up, {@link ActionTotalsChanged} is announced with all the
 * alert's totals (for the organisation's webhooks, which coalesce them), and then the
 * total announced is recorded ({@code announced}): a report that raises nothing announces
 * nothing, so reading the topic again is quiet, while a report whose announcement failed
 * (or was cut short by a crash) announces again when Kafka delivers it again, since its
 * total is still above the one announced.
 */
@Component
public class ActionTotals {

	static final String COLLECTION = "action_totals";

	private final MongoTemplate mongo;

	private final ApplicationEventPublisher events;

	ActionTotals(MongoTemplate mongo, ApplicationEventPublisher events) {
		this.mongo = mongo;
		this.events = events;
	}

	@KafkaListener(id = "ingest-action-totals", groupId = "alert-ingest-action-totals", topics = Topics.ACTION_REPORTS,
			properties = "auto.offset.reset=earliest")
	void on(ContractEvent event) {
		if (event instanceof ActionsReported reported) {
			record(reported);
		}
	}

	void record(ActionsReported reported) {
		String alertId = reported.alertId().toString();
		Query byId = Query.query(Criteria.where("_id").is(alertId + ":" + reported.action()));
		Document after = this.mongo.findAndModify(byId,
				new Update().set("alertId", alertId)
					.set("action", reported.action())
					.set("kind", reported.kind())
					.max("total", reported.total())
					.max("updatedAt", Date.from(reported.occurredAt())),
				FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, COLLECTION);
		long total = ((Number) after.get("total")).longValue();
		long announced = (after.get("announced") instanceof Number number) ? number.longValue() : -1;
		if (total > announced) {
			this.events.publishEvent(new ActionTotalsChanged(alertId,
					of(alertId).stream()
						.map((action) -> new ActionTotalsChanged.Total(action.action(), action.kind(), action.total()))
						.toList(),
					reported.occurredAt()));
			this.mongo.updateFirst(byId, new Update().max("announced", total), COLLECTION);
		}
	}

	/**
	 * The totals of an alert's actions.
	 * @param alertId the alert
	 * @return one per action that anyone reported, by index
	 */
	public List<ActionTotal> of(String alertId) {
		return this.mongo
			.find(Query.query(Criteria.where("alertId").is(alertId)).with(Sort.by("action")), Document.class,
					COLLECTION)
			.stream()
			.map((document) -> new ActionTotal(document.getInteger("action", 0), document.getString("kind"),
					((Number) document.get("total")).longValue(), document.getDate("updatedAt").toInstant()))
			.toList();
	}

	/**
	 * How many readers reported one action.
	 *
	 * @param action the action's index in the alert's actions, from 0
	 * @param kind its kind ({@code write}, {@code attend}, {@code embassy-protest}, ...)
	 * @param total how many readers said they took it, each counted once
	 * @param updatedAt when the latest report was counted
	 */
	public record ActionTotal(int action, String kind, long total, Instant updatedAt) {
	}

}
