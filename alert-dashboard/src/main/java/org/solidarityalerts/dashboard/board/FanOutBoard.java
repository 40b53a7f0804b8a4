package org.solidarityalerts.dashboard.board;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.MailEvent;
import org.solidarityalerts.contract.DeliveryEvent;
import org.solidarityalerts.contract.DeliveryEvent.AudienceResolved;
import org.solidarityalerts.contract.DeliveryEvent.ControlAction;
import org.solidarityalerts.contract.DeliveryEvent.DeliveriesRecorded;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryRecorded;
import org.solidarityalerts.contract.DeliveryEvent.FanOutControlled;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.service.CountedOffsets;
import org.solidarityalerts.service.LatestOutcomes;
import org.solidarityalerts.service.OutcomeParts;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The fan-out board's read model, in the dashboard's own collections: one document per
 * alert, one per alert version with its counters, one per delivery with its latest
 * status, and e-mails per minute and per day. Every event counts once, however often it
 * is read: one read again after a crash or a failed write, or published twice. An event
 * is remembered by its id only once it has been applied; each counter document keeps, for
 * each partition, the offset of the last event it counted, and counts only later ones
 * (the events of a partition are applied in order); a delivery keeps the events that
 * changed its status, so an event read again finds the change it made. Counters change by
 * single-document atomic increments, so readers never see a half-counted event, and no
 * write needs a transaction. A delivery that was sent or failed for good keeps that
 * status. A batch record of outcomes ({@code delivery.batch-recorded}) is read as its
 * entries, each an event of its own read at the record's offset, and a record's entries
 * are always counted together, so the offsets kept still tell what was counted; the
 * record is remembered by its own id. Subscribers appear by id, never by address.
 */
@Component
public class FanOutBoard {

	static final String SEEN = "dashboard_seen_events";

	static final String ALERTS = "dashboard_alerts";

	static final String FANOUTS = "dashboard_fanouts";

	static final String OUTCOMES = "dashboard_outcomes";

	static final String MINUTES = "dashboard_minutes";

	static final String DAYS = "dashboard_days";

	static final String SERVICE_MAILS = "dashboard_service_mails";

	private static final int DUPLICATE_KEY = 11000;

	/** How many alerts a state filter reads from MongoDB at a time. */
	private static final int STATE_SCAN_CHUNK = 200;

	private final MongoTemplate mongo;

	private final MeterRegistry meters;

	private final Clock clock;

	private final int outcomesPerPart;

	/**
	 * The board, kept in the given database.
	 * @param mongo the dashboard's database
	 * @param meters where its counters go
	 * @param clock the clock that dates what it remembers
	 */
	@Autowired
	public FanOutBoard(MongoTemplate mongo, MeterRegistry meters, Clock clock) {
		this(mongo, meters, clock, OutcomeParts.MAX_OUTCOMES);
	}

	FanOutBoard(MongoTemplate mongo, MeterRegistry meters, Clock clock, int outcomesPerPart) {
		this.mongo = mongo;
		this.meters = meters;
		this.clock = clock;
		this.outcomesPerPart = outcomesPerPart;
		io.micrometer.core.instrument.Gauge.builder("alert.dashboard.fanouts.active", this, FanOutBoard::active)
			.description("Fan-outs among the latest 200 alerts that are scheduled, fanning out or paused")
			.register(meters);
	}

	/**
	 * Applies an event to the board, unless it was applied before. If this fails
	 * part-way, applying the same event at the same position again completes it, counting
	 * nothing twice.
	 * @param event an alert, audience, delivery or control event
	 * @param at where it was read
	 * @return whether it was applied now
	 */
	public boolean apply(ContractEvent event, Position at) {
		Query seen = byId(event.eventId().toString());
		seen.fields().include("_id");
		if (this.mongo.findOne(seen, Document.class, SEEN) != null || !applyOne(event, at)) {
			return false;
		}
		remember(List.of(event));
		return true;
	}

	/**
	 * Applies a batch of events as {@link #apply(ContractEvent, Position)} would, one
	 * after the other, but the deliveries' outcomes, nearly all of a batch, in a few
	 * MongoDB round trips for the whole batch where each took six: which events were
	 * applied before is read in one query, the deliveries' documents in another and
	 * written back in one bulk write, each on condition that nobody wrote it since it was
	 * read; each counter document moves once per partition, on condition that it did not
	 * count past the batch's first event from there; the events are remembered in one
	 * write. Where a condition fails (a batch read again with other boundaries, a
	 * consumer the group has replaced still writing), those events are applied one at a
	 * time instead, which is right whatever was written before. If this fails part-way,
	 * applying the same batch again completes it, counting nothing twice. A batch is
	 * applied a part at a time, each of at most {@link OutcomeParts#MAX_OUTCOMES}
	 * outcomes, so that its queries and writes stay small however many outcomes its
	 * records hold.
	 * @param batch the events, in the order read, with where each was read
	 */
	public void apply(List<Sighting> batch) {
		for (List<Sighting> part : OutcomeParts.of(batch, Sighting::event, this.outcomesPerPart)) {
			applyPart(part);
		}
	}

	private void applyPart(List<Sighting> batch) {
		Set<String> seen = new HashSet<>();
		Query applied = Query.query(Criteria.where("_id")
			.in(batch.stream().map((sighting) -> sighting.event().eventId().toString()).distinct().toList()));
		applied.fields().include("_id");
		this.mongo.find(applied, Document.class, SEEN).forEach((document) -> seen.add(document.getString("_id")));
		List<ContractEvent> fresh = new ArrayList<>();
		List<Sighting> deliveries = new ArrayList<>();
		for (Sighting sighting : batch) {
			ContractEvent event = sighting.event();
			if (!seen.add(event.eventId().toString())) {
				continue;
			}
			if (event instanceof DeliveryRecorded) {
				deliveries.add(sighting);
				fresh.add(event);
			}
			else if (event instanceof DeliveriesRecorded recorded) {
				deliveries.addAll(entries(recorded, sighting.at()));
				fresh.add(event);
			}
			else if (applyOne(event, sighting.at())) {
				fresh.add(event);
			}
		}
		if (!deliveries.isEmpty()) {
			deliveries(deliveries);
		}
		remember(fresh);
	}

	private boolean applyOne(ContractEvent event, Position at) {
		switch (event) {
			case AlertEvent alert -> alert(alert);
			case AudienceResolved resolved -> audience(resolved);
			case DeliveryRecorded recorded -> delivery(recorded, at);
			case DeliveriesRecorded recorded -> deliveries(entries(recorded, at));
			case FanOutControlled control -> control(control);
			case DeliveryEvent.ActionsReported reported -> acted(reported);
			case DeliveryEvent other -> {
				return false;
			}
			case MailEvent.FeedbackReceived feedback -> feedback(feedback, at);
			case MailEvent.ServiceMailRecorded mail -> serviceMail(mail);
		}
		return true;
	}

	private void remember(List<ContractEvent> events) {
		if (events.isEmpty()) {
			return;
		}
		Date now = Date.from(this.clock.instant());
		List<Document> documents = events.stream()
			.map((event) -> new Document("_id", event.eventId().toString()).append("type", event.type())
				.append("at", now))
			.toList();
		try {
			this.mongo.getCollection(SEEN).insertMany(documents, new InsertManyOptions().ordered(false));
		}
		catch (MongoBulkWriteException ex) {
			if (ex.getWriteErrors().stream().anyMatch((error) -> error.getCode() != DUPLICATE_KEY)) {
				throw ex;
			}
			// Those already there were applied by a consumer the group has replaced,
			// still finishing its records.
		}
	}

	/**
	 * The latest total of an alert's action that readers said they took; the largest
	 * wins, so a total read late changes nothing. An alert the board never saw is left
	 * out.
	 */
	private void acted(DeliveryEvent.ActionsReported reported) {
		String field = "acted.a" + reported.action();
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(reported.alertId().toString())),
				new Update().max(field + ".total", reported.total())
					.set(field + ".kind", reported.kind())
					.set(field + ".action", reported.action()),
				ALERTS);
	}

	private void alert(AlertEvent event) {
		AlertSnapshot alert = event.alert();
		String type = event.type().substring("alert.".length());
		Update update = new Update().set("kind", WireFormat.name(alert.kind()))
			.set("campaign", alert.campaign().name())
			.set("campaignId", alert.campaign().id())
			.set("title", alert.content().get(alert.defaultLanguage()).title())
			.min("postedAt", Date.from(event.occurredAt()))
			.max("latestVersion", alert.version());
		if (event instanceof AlertEvent.AlertCancelled) {
			update.set("cancelled", true);
		}
		this.mongo.upsert(byId(alert.id().toString()), update, ALERTS);
		this.mongo.upsert(byId(alert.alertVersion().key()),
				versionFields(alert.alertVersion()).set("type", type).set("postedAt", Date.from(event.occurredAt())),
				FANOUTS);
	}

	private void audience(AudienceResolved event) {
		this.mongo.upsert(byId(event.alertVersion().key()),
				versionFields(event.alertVersion()).set("audience", event.audience())
					.set("batches", event.batches())
					.set("resolvedAt", Date.from(event.occurredAt())),
				FANOUTS);
	}

	private void delivery(DeliveryRecorded event, Position at) {
		LatestOutcomes.Change change = record(event);
		if (change == null) {
			return;
		}
		for (CounterWrite write : counterWrites(event, change)) {
			boolean counted = count(write.collection(), write.id(), write.update(), at.field(), at.offset(),
					at.offset());
			if (counted && write.collection().equals(FANOUTS)) {
				this.meters.counter("alert.dashboard.deliveries", "status", change.after()).increment();
			}
		}
	}

	/**
	 * What a delivery's change moves: its fan-out's counters, and the e-mails sent or
	 * failed in its minute and its day.
	 */
	private static List<CounterWrite> counterWrites(DeliveryRecorded event, LatestOutcomes.Change change) {
		String status = change.after();
		Update counters = change.count(versionFields(event.alertVersion()));
		if (event.status() == DeliveryStatus.SENT) {
			counters.min("firstSentAt", Date.from(event.occurredAt())).max("lastSentAt", Date.from(event.occurredAt()));
		}
		List<CounterWrite> writes = new ArrayList<>(3);
		writes.add(new CounterWrite(FANOUTS, event.alertVersion().key(), counters));
		if (event.status() == DeliveryStatus.SENT || event.status() == DeliveryStatus.FAILED) {
			Instant minute = event.occurredAt().truncatedTo(ChronoUnit.MINUTES);
			writes.add(new CounterWrite(MINUTES, minute.toString(),
					new Update().setOnInsert("minute", Date.from(minute)).inc(status, 1)));
			Instant day = event.occurredAt().truncatedTo(ChronoUnit.DAYS);
			writes.add(new CounterWrite(DAYS, day.toString(),
					new Update().setOnInsert("day", Date.from(day)).inc(status, 1)));
		}
		return writes;
	}

	/**
	 * The entries of a batch record, each as an event of its own read where the record
	 * was: they share its offset, so they are always counted together.
	 */
	private static List<Sighting> entries(DeliveriesRecorded recorded, Position at) {
		return recorded.each().stream().map((entry) -> new Sighting(entry, at)).toList();
	}

	/**
	 * Applies a batch's delivery outcomes: their documents in one bulk write, then their
	 * counters a document and partition at a time; one event's document at a time where a
	 * document was written by someone else since it was read.
	 */
	private void deliveries(List<Sighting> deliveries) {
		List<Counted> counted = recordAll(deliveries);
		if (counted == null) {
			counted = new ArrayList<>(deliveries.size());
			for (Sighting sighting : deliveries) {
				DeliveryRecorded event = (DeliveryRecorded) sighting.event();
				LatestOutcomes.Change change = record(event);
				if (change != null) {
					counted.add(new Counted(event, sighting.at(), change));
				}
			}
		}
		Map<List<String>, List<Counted.Write>> groups = new LinkedHashMap<>();
		for (Counted change : counted) {
			for (CounterWrite write : counterWrites(change.event(), change.change())) {
				groups
					.computeIfAbsent(List.of(write.collection(), write.id(), change.at().field()),
							(key) -> new ArrayList<>())
					.add(new Counted.Write(write, change));
			}
		}
		groups.forEach((key, writes) -> countTogether(key.get(2), writes));
	}

	/**
	 * Moves one counter document by the changes of one partition's events in a batch, in
	 * one write if it counted none of them yet, otherwise one record at a time (the
	 * entries of a batch record share its offset and are counted together).
	 */
	private void countTogether(String field, List<Counted.Write> writes) {
		CounterWrite first = writes.getFirst().write();
		long from = writes.getFirst().change().at().offset();
		long to = writes.getLast().change().at().offset();
		Update together = Update.fromDocument(merged(writes.stream().map((write) -> write.write().update()).toList()));
		if (count(first.collection(), first.id(), together, field, from, to)) {
			if (first.collection().equals(FANOUTS)) {
				writes.forEach((write) -> this.meters
					.counter("alert.dashboard.deliveries", "status", write.change().change().after())
					.increment());
			}
			return;
		}
		Map<Long, List<Counted.Write>> byRecord = new LinkedHashMap<>();
		writes.forEach((write) -> byRecord.computeIfAbsent(write.change().at().offset(), (offset) -> new ArrayList<>())
			.add(write));
		byRecord.forEach((offset, record) -> {
			Update update = Update
				.fromDocument(merged(record.stream().map((write) -> write.write().update()).toList()));
			if (count(first.collection(), first.id(), update, field, offset, offset)
					&& first.collection().equals(FANOUTS)) {
				record.forEach((write) -> this.meters
					.counter("alert.dashboard.deliveries", "status", write.change().change().after())
					.increment());
			}
		});
	}

	/**
	 * Several updates of one document as one: increments added up, the first value set on
	 * insert, the least of minimums, the greatest of maximums, the last value set.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Document merged(List<Update> updates) {
		Document merged = new Document();
		for (Update update : updates) {
			update.getUpdateObject().forEach((operator, fields) -> {
				Document into = (Document) merged.computeIfAbsent(operator, (key) -> new Document());
				((Document) fields)
					.forEach((name, value) -> into.merge(name, value, (before, after) -> switch (operator) {
						case "$inc" -> ((Number) before).longValue() + ((Number) after).longValue();
						case "$setOnInsert" -> before;
						case "$min" -> (((Comparable) before).compareTo(after) <= 0) ? before : after;
						case "$max" -> (((Comparable) before).compareTo(after) >= 0) ? before : after;
						default -> after;
					}));
			});
		}
		return merged;
	}

	/**
	 * Records a batch's delivery outcomes: reads their documents in one query, applies
	 * each event to them in order in memory as {@link #record(DeliveryRecorded)} would,
	 * and writes each changed document back in one unordered bulk write, on condition
	 * that nobody wrote it since it was read ({@code seq}).
	 * @return the changes to count, or null if a document was written by someone else
	 * since it was read (nothing is counted then; the events are recorded one at a time)
	 */
	private @Nullable List<Counted> recordAll(List<Sighting> deliveries) {
		Map<String, Delivery> documents = new LinkedHashMap<>();
		List<String> keys = deliveries.stream()
			.map((sighting) -> key((DeliveryRecorded) sighting.event()))
			.distinct()
			.toList();
		this.mongo.find(Query.query(Criteria.where("_id").in(keys)), Document.class, OUTCOMES)
			.forEach((document) -> documents.put(document.getString("_id"), new Delivery(document)));
		List<Counted> counted = new ArrayList<>();
		for (Sighting sighting : deliveries) {
			DeliveryRecorded event = (DeliveryRecorded) sighting.event();
			String key = key(event);
			LatestOutcomes.Change change = documents.computeIfAbsent(key, (ignored) -> new Delivery(null)).apply(event);
			if (change != null) {
				counted.add(new Counted(event, sighting.at(), change));
			}
		}
		List<WriteModel<Document>> writes = new ArrayList<>();
		documents.forEach((key, delivery) -> {
			WriteModel<Document> write = delivery.write(key);
			if (write != null) {
				writes.add(write);
			}
		});
		if (writes.isEmpty()) {
			return counted;
		}
		try {
			BulkWriteResult result = this.mongo.getCollection(OUTCOMES)
				.bulkWrite(writes, new BulkWriteOptions().ordered(false));
			return (result.getMatchedCount() + result.getUpserts().size() == writes.size()) ? counted : null;
		}
		catch (MongoBulkWriteException ex) {
			if (ex.getWriteErrors().stream().anyMatch((error) -> error.getCode() != DUPLICATE_KEY)) {
				throw ex;
			}
			// Written by someone else since it was read: created, or its seq moved on.
			return null;
		}
	}

	private static String key(DeliveryRecorded event) {
		return event.alertVersion().key() + ":" + event.subscriber();
	}

	/**
	 * Records a delivery's new status, unless it already has a final one, with one
	 * conditional write, and keeps the event among those that changed it.
	 * @return the change the event made, found again if it was recorded before, or null
	 * if it changed nothing
	 */
	private LatestOutcomes.@Nullable Change record(DeliveryRecorded event) {
		String status = WireFormat.name(event.status());
		String key = key(event);
		String eventId = event.eventId().toString();
		Update update = Update.fromDocument(new Document("$set", Delivery.fields(event)))
			.push("changes", Delivery.change(event))
			.inc("seq", 1);
		LatestOutcomes.Before before = LatestOutcomes.record(this.mongo, OUTCOMES, key, "changes", eventId, update);
		// Not written: recorded before (read again), or already sent or failed for good.
		return (before != null) ? before.to(status) : changeMadeBy(key, eventId);
	}

	private LatestOutcomes.@Nullable Change changeMadeBy(String key, String eventId) {
		Document delivery = this.mongo.findById(key, Document.class, OUTCOMES);
		List<Document> changes = (delivery != null) ? delivery.getList("changes", Document.class, List.of())
				: List.of();
		return Delivery.changeMadeBy(changes, eventId);
	}

	/**
	 * Counts events of one partition on a counter document, unless the document counted
	 * the first of them before: it keeps the offset of the last event it counted from
	 * each partition.
	 * @param field where the document keeps the partition's offset
	 * @param from the offset of the first event counted
	 * @param to the offset of the last
	 * @return whether this call counted them
	 */
	private boolean count(String collection, String id, Update counters, String field, long from, long to) {
		counters.set(field, to);
		Query notYetCounted = Query.query(Criteria.where("_id").is(id).and(field).not().gte(from));
		for (int tries = 1;; tries++) {
			try {
				this.mongo.upsert(notYetCounted, counters, collection);
				return true;
			}
			catch (DuplicateKeyException ex) {
				// The document exists and did not match: counted before, or created by
				// another writer between the look and the insert.
				Query byId = byId(id);
				byId.fields().include(field);
				if (CountedOffsets.in(this.mongo.findOne(byId, Document.class, collection), field) >= from) {
					return false;
				}
				if (tries == 3) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Counts a report on the fan-out of the alert version it names, and on its day, for
	 * the complaint rate.
	 */
	private void feedback(MailEvent.FeedbackReceived event, Position at) {
		String feedback = WireFormat.name(event.feedback());
		if (event.alertVersion() != null) {
			count(FANOUTS, event.alertVersion().key(),
					versionFields(event.alertVersion()).inc("feedback." + feedback, 1), at.field(), at.offset(),
					at.offset());
		}
		Instant day = event.occurredAt().truncatedTo(ChronoUnit.DAYS);
		if (count(DAYS, day.toString(), new Update().setOnInsert("day", Date.from(day)).inc(feedback, 1), at.field(),
				at.offset(), at.offset())) {
			this.meters.counter("alert.dashboard.feedback", "feedback", feedback).increment();
		}
	}

	/**
	 * Keeps one attempt to send a service mail, for the board's service-mail panel.
	 */
	private void serviceMail(MailEvent.ServiceMailRecorded event) {
		try {
			this.mongo.insert(
					new Document("_id", event.eventId().toString()).append("subscriber", event.subscriber().toString())
						.append("mail", WireFormat.name(event.mail()))
						.append("status", WireFormat.name(event.status()))
						.append("attempt", event.attempt())
						.append("detail", event.detail())
						.append("at", Date.from(event.occurredAt())),
					SERVICE_MAILS);
		}
		catch (DuplicateKeyException ex) {
			// Kept when it was read before.
			return;
		}
		this.meters
			.counter("alert.dashboard.service.mails", "mail", WireFormat.name(event.mail()), "status",
					WireFormat.name(event.status()))
			.increment();
	}

	/**
	 * The service's own mails over the last day, and the latest attempts that did not
	 * send one.
	 * @param problems how many of those to show
	 * @return the service-mail panel
	 */
	public ServiceMails serviceMails(int problems) {
		Date since = Date.from(this.clock.instant().minus(1, ChronoUnit.DAYS));
		long sent = count(since, List.of(DeliveryStatus.SENT));
		long deferred = count(since, List.of(DeliveryStatus.DEFERRED));
		long givenUp = count(since, List.of(DeliveryStatus.FAILED, DeliveryStatus.DEAD_LETTERED));
		Query latest = Query.query(Criteria.where("status").ne(WireFormat.name(DeliveryStatus.SENT)))
			.with(Sort.by(Sort.Direction.DESC, "at"))
			.limit(problems);
		List<ServiceMails.Problem> list = this.mongo.find(latest, Document.class, SERVICE_MAILS)
			.stream()
			.map((document) -> new ServiceMails.Problem(document.getDate("at").toInstant(),
					document.getString("subscriber"), document.getString("mail"), document.getString("status"),
					document.getInteger("attempt", 0), String.valueOf(document.getString("detail"))))
			.toList();
		return new ServiceMails(sent, deferred, givenUp, list);
	}

	private long count(Date since, List<DeliveryStatus> statuses) {
		return this.mongo.count(Query
			.query(Criteria.where("at").gte(since).and("status").in(statuses.stream().map(WireFormat::name).toList())),
				SERVICE_MAILS);
	}

	/**
	 * Complaints against e-mails sent over the last days.
	 * @param days how many days, today included
	 * @return the complaint rate
	 */
	public ComplaintRate complaintRate(int days) {
		Instant from = this.clock.instant().truncatedTo(ChronoUnit.DAYS).minus(days - 1, ChronoUnit.DAYS);
		long sent = 0;
		long complaints = 0;
		for (Document day : this.mongo.find(Query.query(Criteria.where("day").gte(Date.from(from))), Document.class,
				DAYS)) {
			sent += number(day, WireFormat.name(DeliveryStatus.SENT));
			complaints += number(day, WireFormat.name(MailEvent.Feedback.COMPLAINT));
		}
		return new ComplaintRate(days, sent, complaints);
	}

	private void control(FanOutControlled event) {
		Update update = versionFields(event.alertVersion()).set("controlledBy", event.operator())
			.set("controlledAt", Date.from(event.occurredAt()));
		if (event.action() == ControlAction.CANCELLED) {
			update.set("cancelledByOperator", true).set("paused", false);
		}
		else {
			update.set("paused", event.action() == ControlAction.PAUSED);
		}
		this.mongo.upsert(byId(event.alertVersion().key()), update, FANOUTS);
	}

	private static Update versionFields(AlertVersion version) {
		return new Update().set("alertId", version.alertId().toString()).set("version", version.version());
	}

	private static Query byId(String id) {
		return Query.query(Criteria.where("_id").is(id));
	}

	/**
	 * The latest alerts, newest first, each with the fan-out of its latest version.
	 * @param limit how many
	 * @return the board's rows
	 */
	public List<FanOutRow> board(int limit) {
		return board(BoardQuery.latest(limit)).rows();
	}

	/**
	 * One page of the board, newest first, each alert with the fan-out of its latest
	 * version. Kind and campaign are filtered by MongoDB, which also skips to the page;
	 * the state is computed from the alert and its fan-out together, so a state filter
	 * walks the matching alerts newest first, a chunk at a time, until the page is full.
	 * @param query the filters and the page
	 * @return the page
	 */
	public BoardPage board(BoardQuery query) {
		List<Criteria> filters = new ArrayList<>();
		if (query.kind() != null) {
			filters.add(Criteria.where("kind").is(query.kind()));
		}
		if (query.campaign() != null) {
			filters.add(new Criteria().orOperator(Criteria.where("campaignId").is(query.campaign()),
					Criteria.where("campaign").is(query.campaign())));
		}
		if (query.state() == null) {
			List<Document> alerts = alerts(filters, query.offset(), query.size() + 1);
			boolean hasNext = alerts.size() > query.size();
			return new BoardPage(rows(alerts.subList(0, Math.min(alerts.size(), query.size()))), query.page(), hasNext);
		}
		long wanted = query.offset() + query.size() + 1;
		List<FanOutRow> matching = new ArrayList<>();
		long skip = 0;
		while (matching.size() < wanted) {
			List<Document> alerts = alerts(filters, skip, STATE_SCAN_CHUNK);
			rows(alerts).stream().filter((row) -> row.state() == query.state()).forEach(matching::add);
			if (alerts.size() < STATE_SCAN_CHUNK) {
				break;
			}
			skip += STATE_SCAN_CHUNK;
		}
		int from = (int) Math.min(query.offset(), matching.size());
		int to = (int) Math.min(query.offset() + query.size(), matching.size());
		return new BoardPage(List.copyOf(matching.subList(from, to)), query.page(), matching.size() > to);
	}

	private List<Document> alerts(List<Criteria> filters, long skip, int limit) {
		Query query = filters.isEmpty() ? new Query() : Query.query(new Criteria().andOperator(filters));
		return this.mongo.find(query.with(Sort.by(Sort.Direction.DESC, "postedAt")).skip(skip).limit(limit),
				Document.class, ALERTS);
	}

	private List<FanOutRow> rows(List<Document> alerts) {
		List<String> keys = alerts.stream()
			.map((alert) -> alert.getString("_id") + ":v" + alert.getInteger("latestVersion", 1))
			.toList();
		Map<String, Document> fanouts = new LinkedHashMap<>();
		if (!keys.isEmpty()) {
			this.mongo.find(Query.query(Criteria.where("_id").in(keys)), Document.class, FANOUTS)
				.forEach((fanout) -> fanouts.put(fanout.getString("_id"), fanout));
		}
		List<FanOutRow> rows = new ArrayList<>(alerts.size());
		for (int i = 0; i < alerts.size(); i++) {
			rows.add(row(alerts.get(i), fanouts.getOrDefault(keys.get(i), new Document())));
		}
		return rows;
	}

	/**
	 * One fan-out, as it stands now.
	 * @param alertId the alert
	 * @param version the alert version
	 * @return its row, or empty if the board never saw it
	 */
	public Optional<FanOutRow> fanOut(String alertId, int version) {
		return versions(alertId).orElse(List.of()).stream().filter((row) -> row.version() == version).findFirst();
	}

	/**
	 * One alert: every version's fan-out, oldest first.
	 * @param alertId the alert
	 * @return its rows, or empty if the board never saw it
	 */
	public Optional<List<FanOutRow>> versions(String alertId) {
		Document alert = this.mongo.findById(alertId, Document.class, ALERTS);
		if (alert == null) {
			return Optional.empty();
		}
		return Optional.of(this.mongo
			.find(Query.query(Criteria.where("alertId").is(alertId)).with(Sort.by("version")), Document.class, FANOUTS)
			.stream()
			.map((fanout) -> row(alert, fanout))
			.toList());
	}

	/**
	 * The deliveries of an alert, by subscriber id, latest first.
	 * @param alertId the alert
	 * @param status only deliveries in this status (e.g. {@code failed}), or all if null
	 * @param limit how many
	 * @return the deliveries
	 */
	public List<Outcome> outcomes(String alertId, @Nullable String status, int limit) {
		Criteria criteria = Criteria.where("alertId").is(alertId);
		if (status != null) {
			criteria = criteria.and("status").is(status);
		}
		return this.mongo
			.find(Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "at")).limit(limit), Document.class, OUTCOMES)
			.stream()
			.map((outcome) -> new Outcome(outcome.getInteger("version", 1), outcome.getString("subscriber"),
					outcome.getString("status"), outcome.getInteger("attempt", 1), outcome.getString("detail"),
					instant(outcome, "at")))
			.toList();
	}

	/**
	 * E-mails sent and failed in each of the last minutes, oldest first; minutes without
	 * any are included as zeros.
	 * @param minutes how many minutes back, including the current one
	 * @return one entry per minute
	 */
	public List<Minute> throughput(int minutes) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MINUTES);
		Instant from = now.minus(minutes - 1, ChronoUnit.MINUTES);
		Map<Instant, Document> found = new LinkedHashMap<>();
		this.mongo.find(Query.query(Criteria.where("minute").gte(Date.from(from))), Document.class, MINUTES)
			.forEach((minute) -> found.put(minute.getDate("minute").toInstant(), minute));
		List<Minute> result = new ArrayList<>(minutes);
		for (Instant minute = from; !minute.isAfter(now); minute = minute.plus(1, ChronoUnit.MINUTES)) {
			Document counts = found.getOrDefault(minute, new Document());
			result.add(new Minute(minute, number(counts, WireFormat.name(DeliveryStatus.SENT)),
					number(counts, WireFormat.name(DeliveryStatus.FAILED))));
		}
		return result;
	}

	/**
	 * Fan-outs that are neither done nor cancelled, for the metrics.
	 * @return how many of the latest alerts are still fanning out, scheduled or paused
	 */
	public long active() {
		return board(200).stream()
			.filter((row) -> row.state() == FanOutState.FANNING_OUT || row.state() == FanOutState.SCHEDULED
					|| row.state() == FanOutState.PAUSED)
			.count();
	}

	private static FanOutRow row(Document alert, Document fanout) {
		Document counts = fanout.get("counts", Document.class);
		Counts figures = (counts != null) ? Counts.of(counts) : Counts.NONE;
		Document feedback = fanout.get("feedback", Document.class);
		Object audience = fanout.get("audience");
		Long size = (audience instanceof Number number) ? number.longValue() : null;
		boolean cancelled = alert.getBoolean("cancelled", false) || fanout.getBoolean("cancelledByOperator", false);
		FanOutState state = FanOutState.of(figures, size, fanout.getBoolean("paused", false), cancelled);
		return new FanOutRow(alert.getString("_id"), fanout.getInteger("version", alert.getInteger("latestVersion", 1)),
				fanout.get("type", "published"), alert.get("kind", "?"), alert.get("campaign", "?"),
				alert.get("title", "?"), state, size, figures, instant(fanout, "postedAt"),
				instant(fanout, "firstSentAt"), instant(fanout, "lastSentAt"),
				(feedback != null) ? Feedbacks.of(feedback) : Feedbacks.NONE, acted(alert));
	}

	private static List<FanOutRow.ActionCount> acted(Document alert) {
		Document acted = alert.get("acted", Document.class);
		if (acted == null) {
			return List.of();
		}
		return acted.values()
			.stream()
			.filter(Document.class::isInstance)
			.map(Document.class::cast)
			.map((action) -> new FanOutRow.ActionCount(action.getInteger("action", 0), action.get("kind", "?"),
					number(action, "total")))
			.sorted(java.util.Comparator.comparingInt(FanOutRow.ActionCount::action))
			.toList();
	}

	private static @Nullable Instant instant(Document document, String field) {
		Date date = document.getDate(field);
		return (date != null) ? date.toInstant() : null;
	}

	private static long number(Document document, String field) {
		Object value = document.get(field);
		return (value instanceof Number number) ? number.longValue() : 0;
	}

	/**
	 * One delivery's latest outcome.
	 *
	 * @param version the alert version
	 * @param subscriber the subscriber's id
	 * @param status its status
	 * @param attempt the attempt it came from
	 * @param detail the SMTP reply or the reason
	 * @param at when
	 */
	public record Outcome(int version, String subscriber, String status, int attempt, @Nullable String detail,
			@Nullable Instant at) {
	}

	/**
	 * E-mails in one minute.
	 *
	 * @param minute the minute's start
	 * @param sent e-mails accepted
	 * @param failed e-mails refused for good
	 */
	public record Minute(Instant minute, long sent, long failed) {
	}

	/**
	 * Where an event was read.
	 *
	 * @param topic its topic
	 * @param partition its partition
	 * @param offset its offset there
	 */
	public record Position(String topic, int partition, long offset) {

		/**
		 * The field where a counter document keeps the offset it counted to in this
		 * partition.
		 * @return the field's path
		 */
		String field() {
			return CountedOffsets.field(this.topic, this.partition);
		}

	}

	/**
	 * An event and where it was read.
	 *
	 * @param event the event
	 * @param at where it was read
	 */
	public record Sighting(ContractEvent event, Position at) {
	}

	/**
	 * A write to a counter document.
	 *
	 * @param collection the document's collection
	 * @param id its id
	 * @param update what to write
	 */
	private record CounterWrite(String collection, String id, Update update) {
	}

	/**
	 * A delivery's change to count, and where its event was read.
	 *
	 * @param event the event
	 * @param at where it was read
	 * @param change the change it made
	 */
	private record Counted(DeliveryRecorded event, Position at, LatestOutcomes.Change change) {

		/**
		 * One of the counter writes of a change.
		 *
		 * @param write the write
		 * @param change the change
		 */
		private record Write(CounterWrite write, Counted change) {
		}

	}

	/**
	 * A delivery's document as read, with a batch's events applied to it in memory, one
	 * after the other, as {@link FanOutBoard#record(DeliveryRecorded)} would apply them
	 * one write at a time.
	 */
	private static final class Delivery {

		private final @Nullable Object seq;

		private @Nullable String status;

		private final List<Document> changes = new ArrayList<>();

		private final List<Document> added = new ArrayList<>();

		private @Nullable DeliveryRecorded latest;

		Delivery(@Nullable Document document) {
			this.seq = (document != null) ? document.get("seq") : null;
			this.status = (document != null) ? document.getString("status") : null;
			if (document != null) {
				this.changes.addAll(document.getList("changes", Document.class, List.of()));
			}
		}

		/**
		 * Applies an event.
		 * @return the change it made, found again if it was recorded before, or null if
		 * it changed nothing
		 */
		LatestOutcomes.@Nullable Change apply(DeliveryRecorded event) {
			String eventId = event.eventId().toString();
			if (this.changes.stream().anyMatch((change) -> eventId.equals(change.getString("event")))) {
				return changeMadeBy(this.changes, eventId);
			}
			if (this.status != null && LatestOutcomes.FINAL.contains(this.status)) {
				return null;
			}
			String before = this.status;
			Document change = change(event);
			this.changes.add(change);
			this.added.add(change);
			this.latest = event;
			this.status = change.getString("status");
			return this.status.equals(before) ? null : new LatestOutcomes.Change(before, this.status);
		}

		/**
		 * The write of the events applied, on condition that nobody wrote the document
		 * since it was read.
		 * @return the write, or null if no event changed the document
		 */
		@Nullable WriteModel<Document> write(String key) {
			if (this.latest == null) {
				return null;
			}
			Document filter = new Document("_id", key).append("seq",
					(this.seq != null) ? this.seq : new Document("$exists", false));
			Document update = new Document("$set", fields(this.latest))
				.append("$push", new Document("changes", new Document("$each", this.added)))
				.append("$inc", new Document("seq", 1));
			return new UpdateOneModel<>(filter, update, new UpdateOptions().upsert(true));
		}

		static Document fields(DeliveryRecorded event) {
			return new Document("alertId", event.alertVersion().alertId().toString())
				.append("version", event.alertVersion().version())
				.append("subscriber", event.subscriber().toString())
				.append("status", WireFormat.name(event.status()))
				.append("attempt", event.attempt())
				.append("detail", event.detail())
				.append("at", Date.from(event.occurredAt()));
		}

		static Document change(DeliveryRecorded event) {
			return new Document("event", event.eventId().toString()).append("status", WireFormat.name(event.status()));
		}

		static LatestOutcomes.@Nullable Change changeMadeBy(List<Document> changes, String eventId) {
			for (int i = 0; i < changes.size(); i++) {
				if (eventId.equals(changes.get(i).getString("event"))) {
					String before = (i > 0) ? changes.get(i - 1).getString("status") : null;
					String after = changes.get(i).getString("status");
					return after.equals(before) ? null : new LatestOutcomes.Change(before, after);
				}
			}
			return null;
		}

	}

}
