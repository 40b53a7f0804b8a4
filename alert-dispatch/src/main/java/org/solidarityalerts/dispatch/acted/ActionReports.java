package org.solidarityalerts.dispatch.acted;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.mongodb.client.result.UpdateResult;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.dispatch.links.SubscriberTokens.Acted;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Readers' reports of the actions they took, one per reader and action, and each action's
 * total. Mongo's single-document atomicity does it without transactions: the report is an
 * upsert of a document whose id is the reader, alert and action, so only the first of any
 * number of POSTs, replays or concurrent clicks inserts it; only the one that inserted
 * increments the action's counter document, so the total is exact however often a reader
 * presses. The total, without the reader, goes to {@link Topics#ACTION_REPORTS} after
 * each report counted; a publication that fails is made good by the next, which carries
 * the larger total. Should dispatch stop between the report and the increment, that
 * report is not counted: the counts never overstate.
 */
@Component
public class ActionReports {

	private static final Logger logger = LoggerFactory.getLogger(ActionReports.class);

	/** One document per reader and action, {@code _id} subscriber:alert:action. */
	static final String REPORTS = "action_reports";

	/** One document per alert and action, {@code _id} alert:action, with the total. */
	static final String COUNTS = "action_counts";

	private final MongoTemplate mongo;

	private final KafkaTemplate<String, ContractEvent> kafka;

	private final DispatchProperties dispatch;

	private final Clock clock;

	ActionReports(MongoTemplate mongo, KafkaTemplate<String, ContractEvent> kafka, DispatchProperties dispatch,
			Clock clock) {
		this.mongo = mongo;
		this.kafka = kafka;
		this.dispatch = dispatch;
		this.clock = clock;
		mongo.indexOps(REPORTS).createIndex(new Index().on("subscriberId", Sort.Direction.ASC));
	}

	/**
	 * Records that a reader took an action, once.
	 * @param acted who, which alert version and which action
	 * @return whether this report counted (false if the reader had reported it before)
	 */
	boolean report(Acted acted) {
		String alertId = acted.alertVersion().alertId().toString();
		Instant now = this.clock.instant();
		String id = acted.subscriber() + ":" + alertId + ":" + acted.action();
		UpdateResult result = this.mongo.upsert(Query.query(Criteria.where("_id").is(id)),
				new Update().setOnInsert("subscriberId", acted.subscriber().toString())
					.setOnInsert("alertId", alertId)
					.setOnInsert("version", acted.alertVersion().version())
					.setOnInsert("action", acted.action())
					.setOnInsert("kind", acted.kind())
					.setOnInsert("reportedAt", Date.from(now)),
				REPORTS);
		if (result.getUpsertedId() == null) {
			return false;
		}
		Document counter = this.mongo.findAndModify(
				Query.query(Criteria.where("_id").is(alertId + ":" + acted.action())),
				new Update().inc("total", 1L)
					.set("alertId", alertId)
					.set("action", acted.action())
					.set("kind", acted.kind())
					.set("updatedAt", Date.from(now)),
				FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, COUNTS);
		long total = ((Number) counter.get("total")).longValue();
		publish(new DeliveryEvent.ActionsReported(EventId.random(), ContractEvent.SCHEMA_VERSION, now,
				acted.alertVersion(), acted.action(), acted.kind(), total));
		return true;
	}

	private void publish(DeliveryEvent.ActionsReported event) {
		ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(Topics.ACTION_REPORTS, event.subject(),
				event);
		EventHeaders.write(record.headers(), event, this.dispatch.source());
		try {
			this.kafka.send(record).join();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not publish the total of action {} of alert {}: the next report will", event.action(),
					event.alertId(), ex);
		}
	}

	/**
	 * A reader's reports, for their data export.
	 * @param subscriber the reader
	 * @return their reports, oldest first
	 */
	public List<ActionReport> of(SubscriberId subscriber) {
		Query query = Query.query(Criteria.where("subscriberId").is(subscriber.toString()))
			.with(Sort.by("reportedAt", "_id"));
		return this.mongo.find(query, Document.class, REPORTS)
			.stream()
			.map((report) -> new ActionReport(report.getString("alertId"), report.getInteger("version", 0),
					report.getInteger("action", 0), report.getString("kind"), report.getDate("reportedAt").toInstant()))
			.toList();
	}

	/**
	 * Removes a reader's reports, when they are erased. The totals stay: they name no
	 * one.
	 * @param subscriber the reader
	 * @return how many reports were removed
	 */
	public long erase(SubscriberId subscriber) {
		return this.mongo.remove(Query.query(Criteria.where("subscriberId").is(subscriber.toString())), REPORTS)
			.getDeletedCount();
	}

}
