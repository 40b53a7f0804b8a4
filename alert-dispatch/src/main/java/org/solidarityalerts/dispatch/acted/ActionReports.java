package org.solidarityalerts.dispatch.acted;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.result.UpdateResult;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.dispatch.links.SubscriberTokens.Acted;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Readers' reports of the actions they took, one per reader and action, and each action's
 * total. Mongo's single-document atomicity does it without transactions, and there is no
 * counter to keep in step: a report is one upsert of a document whose id is the reader,
 * alert and action, so only the first of any number of POSTs, replays or concurrent
 * clicks inserts it, and an action's total is <em>derived</em>, counted from its report
 * documents whenever it is published ({@link #total}). With nothing written after the
 * report that the total depends on, a crash can lose no count and count nothing twice:
 * the total is exact however often a reader presses and wherever dispatch stops.
 * <p>
 * What a crash can lose is a publication. Each report is inserted with
 * {@code published: false} and flipped to {@code true} only once a total counted after
 * its insertion reached {@link Topics#ACTION_REPORTS}; reports still unpublished a few
 * seconds after they were made (dispatch stopped, or Kafka refused) are published again
 * by {@link #publishLeftOver}, at start-up and every
 * {@code alert.dispatch.acted.republish-interval} (30 s). Publishing twice is harmless:
 * the totals only grow, and consumers keep the largest.
 * <p>
 * Erasure removes a reader's reports but keeps what they counted for: a letter written
 * stays written, the totals name no one, and consumers keep the largest total, so a total
 * that fell would never be shown anyway. Each report therefore carries a random
 * {@code token} from its insertion; erasure first upserts an anonymous copy ({@code _id}
 * {@code erased:<token>}: alert, version, action, kind, no reader, no time), then deletes
 * the report. The total counts distinct tokens, so the moment both exist (or a crash
 * between the two writes, until the erasure is done again) counts once.
 */
@Component
public class ActionReports {

	private static final Logger logger = LoggerFactory.getLogger(ActionReports.class);

	/**
	 * One document per reader and action, {@code _id} subscriber:alert:action, and one
	 * anonymous document per erased report, {@code _id} erased:token.
	 */
	static final String REPORTS = "action_reports";

	/** How old an unpublished report must be before the recovery pass publishes it. */
	private static final Duration GRACE = Duration.ofSeconds(5);

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
		mongo.indexOps(REPORTS)
			.createIndex(new Index().on("alertId", Sort.Direction.ASC).on("action", Sort.Direction.ASC));
		mongo.indexOps(REPORTS).createIndex(new Index().on("published", Sort.Direction.ASC));
	}

	/**
	 * Records that a reader took an action, once, and publishes the action's total.
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
					.setOnInsert("reportedAt", Date.from(now))
					.setOnInsert("token", UUID.randomUUID().toString())
					.setOnInsert("published", false),
				REPORTS);
		if (result.getUpsertedId() == null) {
			return false;
		}
		publishTotal(acted.alertVersion(), acted.action(), acted.kind(), List.of(id));
		return true;
	}

	/**
	 * How many readers reported an action, erased ones included: its reports' distinct
	 * tokens.
	 * @param alertId the alert
	 * @param action the action's index
	 * @return the total
	 */
	long total(String alertId, int action) {
		return this.mongo
			.findDistinct(Query.query(Criteria.where("alertId").is(alertId).and("action").is(action)), "token", REPORTS,
					String.class)
			.size();
	}

	/**
	 * Publishes the totals of actions whose reports were not published: dispatch stopped
	 * between a report and its publication, or Kafka refused it. Runs at start-up too.
	 */
	@Scheduled(initialDelay = 0, fixedDelayString = "${alert.dispatch.acted.republish-interval:30s}")
	void publishLeftOver() {
		Instant before = this.clock.instant().minus(GRACE);
		Query left = Query.query(Criteria.where("published")
			.is(false)
			.orOperator(Criteria.where("reportedAt").lt(Date.from(before)), Criteria.where("reportedAt").exists(false)))
			.limit(1000);
		Map<String, List<Document>> byAction = new LinkedHashMap<>();
		for (Document report : this.mongo.find(left, Document.class, REPORTS)) {
			byAction
				.computeIfAbsent(report.getString("alertId") + ":" + report.getInteger("action", 0),
						(key) -> new ArrayList<>())
				.add(report);
		}
		byAction.values().forEach((reports) -> {
			Document latest = reports.stream()
				.max(Comparator.comparingInt((report) -> report.getInteger("version", 0)))
				.orElseThrow();
			AlertVersion version = new AlertVersion(AlertId.parse(latest.getString("alertId")),
					latest.getInteger("version", 0));
			publishTotal(version, latest.getInteger("action", 0), latest.getString("kind"),
					reports.stream().map((report) -> report.getString("_id")).toList());
		});
	}

	/**
	 * Counts an action's total and publishes it; once it is on Kafka, marks the reports
	 * it was counted after as published.
	 */
	private void publishTotal(AlertVersion alertVersion, int action, String kind, List<String> reportIds) {
		long total = total(alertVersion.alertId().toString(), action);
		DeliveryEvent.ActionsReported event = new DeliveryEvent.ActionsReported(EventId.random(),
				ContractEvent.SCHEMA_VERSION, this.clock.instant(), alertVersion, action, kind, total);
		if (publish(event)) {
			this.mongo.updateMulti(Query.query(Criteria.where("_id").in(reportIds).and("published").is(false)),
					new Update().set("published", true), REPORTS);
		}
	}

	private boolean publish(DeliveryEvent.ActionsReported event) {
		ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(Topics.ACTION_REPORTS, event.subject(),
				event);
		EventHeaders.write(record.headers(), event, this.dispatch.source());
		try {
			this.kafka.send(record).join();
			return true;
		}
		catch (RuntimeException ex) {
			logger.warn("Could not publish the total of action {} of alert {}: it is published again later",
					event.action(), event.alertId(), ex);
			return false;
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
	 * Removes a reader's reports, when they are erased, keeping what they counted for:
	 * each is first copied without the reader (the copy's id is the report's random
	 * token, so erasing again after a crash copies nothing twice), then deleted.
	 * @param subscriber the reader
	 * @return how many reports were removed
	 */
	public long erase(SubscriberId subscriber) {
		Query theirs = Query.query(Criteria.where("subscriberId").is(subscriber.toString()));
		for (Document report : this.mongo.find(theirs, Document.class, REPORTS)) {
			String token = report.getString("token");
			this.mongo.upsert(Query.query(Criteria.where("_id").is("erased:" + token)),
					new Update().setOnInsert("alertId", report.getString("alertId"))
						.setOnInsert("version", report.getInteger("version", 0))
						.setOnInsert("action", report.getInteger("action", 0))
						.setOnInsert("kind", report.getString("kind"))
						.setOnInsert("token", token)
						.setOnInsert("published", report.getBoolean("published", true)),
					REPORTS);
		}
		return this.mongo.remove(theirs, REPORTS).getDeletedCount();
	}

}
