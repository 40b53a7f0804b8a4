package org.solidarityalerts.dashboard.board;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertEvent.AlertCancelled;
import org.solidarityalerts.contract.AlertEvent.AlertPublished;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.Campaign;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.AudienceResolved;
import org.solidarityalerts.contract.DeliveryEvent.ControlAction;
import org.solidarityalerts.contract.DeliveryEvent.DeliveriesRecorded;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryRecorded;
import org.solidarityalerts.contract.DeliveryEvent.FanOutControlled;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.DeliveryEvent;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.LocalizedContent;
import org.solidarityalerts.contract.MailEvent;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.testsupport.HookedMongoTemplate;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The board's read model against a real MongoDB wire server: counters, states, timings,
 * and that an event counts once, whether it is published twice or read again after
 * MongoDB failed part-way through applying it.
 */
class FanOutBoardTests {

	private static final Instant POSTED = Instant.parse("2026-11-22T10:00:00Z");

	private MongoServer server;

	private MongoClient client;

	private SimpleMeterRegistry meters;

	private FanOutBoard board;

	private final AlertSnapshot alert = new AlertSnapshot(AlertId.random(), 1, AlertKind.URGENT_ACTION, "org",
			new Campaign("free-dana", "Free Dana"), "KZ", List.of(), "en",
			Map.of("en", new LocalizedContent("Hunger strike", "Write now.", null, null)), List.of(), POSTED, null,
			null);

	private final AlertVersion version = this.alert.alertVersion();

	private final SubscriberId first = SubscriberId.random();

	private final SubscriberId second = SubscriberId.random();

	private final SubscriberId third = SubscriberId.random();

	/** The offset of the next event read from each topic (one partition each here). */
	private final Map<String, AtomicLong> offsets = new HashMap<>();

	/** Which collections' writes fail, as if MongoDB went away in the middle. */
	private final AtomicReference<Predicate<String>> failing = new AtomicReference<>((collection) -> false);

	/** Runs once before the next bulk write: another writer getting in first. */
	private final AtomicReference<Runnable> beforeBulkWrite = new AtomicReference<>(() -> {
	});

	@BeforeEach
	void start() {
		this.server = new MongoServer(new MemoryBackend());
		this.server.bind("127.0.0.1", 0);
		this.client = MongoClients.create(this.server.getConnectionString());
		this.meters = new SimpleMeterRegistry();
		HookedMongoTemplate mongo = new HookedMongoTemplate(this.client, "board");
		mongo.hook((write) -> {
			if (!write.operation().equals("findAndModify")) {
				failIfAsked(write.collection());
			}
			if (write.operation().equals("bulkWrite")) {
				this.beforeBulkWrite.getAndSet(() -> {
				}).run();
			}
		});
		this.board = new FanOutBoard(mongo, this.meters, Clock.fixed(POSTED.plusSeconds(90), ZoneOffset.UTC));
	}

	private void failIfAsked(String collection) {
		if (this.failing.get().test(collection)) {
			throw HookedMongoTemplate.wentAway();
		}
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void aPublishedAlertIsScheduledUntilItsDeliveriesBegin() {
		apply(published());

		FanOutRow row = onlyRow();
		assertThat(row.state()).isEqualTo(FanOutState.SCHEDULED);
		assertThat(row.title()).isEqualTo("Hunger strike");
		assertThat(row.kind()).isEqualTo("urgent-action");
		assertThat(row.campaign()).isEqualTo("Free Dana");
		assertThat(row.audienceText()).isEqualTo("?");
	}

	@Test
	void aFanOutIsFanningOutUntilEveryRecipientHasAFinalOutcomeThenDone() {
		apply(published());
		apply(new AudienceResolved(EventId.random(), 1, POSTED.plusSeconds(1), this.version, 3, 1));
		apply(recorded(this.first, DeliveryStatus.SENT, 1, 2));
		apply(recorded(this.second, DeliveryStatus.DEFERRED, 1, 3));
		apply(recorded(this.third, DeliveryStatus.SKIPPED, 1, 3));

		assertThat(onlyRow().state()).isEqualTo(FanOutState.FANNING_OUT);
		assertThat(onlyRow().counts().deferred()).isEqualTo(1);

		apply(recorded(this.second, DeliveryStatus.SENT, 2, 62));

		FanOutRow row = onlyRow();
		assertThat(row.state()).isEqualTo(FanOutState.DONE);
		assertThat(row.counts()).isEqualTo(new Counts(2, 0, 0, 0, 0, 1));
		assertThat(row.progressValue()).isEqualTo(3);
		assertThat(row.progressMax()).isEqualTo(3);
		assertThat(row.postToFirst()).isEqualTo(Duration.ofSeconds(2));
		assertThat(row.postToLast()).isEqualTo(Duration.ofSeconds(62));
		assertThat(row.ratePerMinute()).isEqualTo(2.0);
	}

	@Test
	void readersActionsShowByKindWithTheLargestTotalOfEach() {
		apply(published());
		assertThat(onlyRow().actedText()).isEqualTo("–");

		apply(reported(0, "write", 11));
		apply(reported(0, "write", 12));
		apply(reported(2, "embassy-protest", 3));
		apply(reported(0, "write", 10));

		assertThat(onlyRow().actedText()).isEqualTo("12 wrote, 3 protested");
	}

	private DeliveryEvent.ActionsReported reported(int action, String kind, long total) {
		return new DeliveryEvent.ActionsReported(EventId.random(), 2, POSTED.plusSeconds(600), this.version, action,
				kind, total);
	}

	@Test
	void anEventAppliedTwiceCountsOnce() {
		apply(published());
		apply(new AudienceResolved(EventId.random(), 1, POSTED.plusSeconds(1), this.version, 2, 1));
		DeliveryRecorded sent = recorded(this.first, DeliveryStatus.SENT, 1, 2);

		assertThat(apply(sent)).isTrue();
		assertThat(apply(sent)).isFalse();

		assertThat(onlyRow().counts().sent()).isEqualTo(1);
		assertThat(this.meters.counter("alert.dashboard.deliveries", "status", "sent").count()).isEqualTo(1);
	}

	@Test
	void aDeliveryReadAgainAfterAFailureBetweenItsStatusAndItsCountersMovesItsCountsOnce() {
		apply(published());
		apply(new AudienceResolved(EventId.random(), 1, POSTED.plusSeconds(1), this.version, 2, 1));
		apply(recorded(this.first, DeliveryStatus.DEFERRED, 1, 2));
		DeliveryRecorded sent = recorded(this.first, DeliveryStatus.SENT, 2, 62);
		FanOutBoard.Position at = next(Topics.DELIVERY_OUTCOMES);

		this.failing.set(FanOutBoard.FANOUTS::equals);
		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> this.board.apply(sent, at));
		this.failing.set((collection) -> false);
		assertThat(this.board.outcomes(this.alert.id().toString(), "sent", 10)).as("its status was written").hasSize(1);
		assertThat(onlyRow().counts().deferred()).as("its counters were not").isEqualTo(1);

		assertThat(this.board.apply(sent, at)).as("read again from the same offset").isTrue();
		assertThat(this.board.apply(sent, at)).as("and again, once applied").isFalse();

		assertThat(onlyRow().counts()).isEqualTo(new Counts(1, 0, 0, 0, 0, 0));
		assertThat(this.board.throughput(2)).extracting(FanOutBoard.Minute::sent).containsExactly(0L, 1L);
		assertThat(this.board.complaintRate(1).sent()).isEqualTo(1);
		assertThat(this.meters.counter("alert.dashboard.deliveries", "status", "sent").count()).isEqualTo(1);
	}

	@Test
	void aDeliveryReadAgainAfterItsFanOutWasCountedButNotItsMinuteCountsEachOnce() {
		apply(published());
		DeliveryRecorded sent = recorded(this.first, DeliveryStatus.SENT, 1, 2);
		FanOutBoard.Position at = next(Topics.DELIVERY_OUTCOMES);

		this.failing.set(FanOutBoard.MINUTES::equals);
		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> this.board.apply(sent, at));
		this.failing.set((collection) -> false);
		assertThat(this.board.apply(sent, at)).isTrue();

		assertThat(onlyRow().counts().sent()).isEqualTo(1);
		assertThat(this.board.throughput(2)).extracting(FanOutBoard.Minute::sent).containsExactly(1L, 0L);
		assertThat(this.board.complaintRate(1).sent()).isEqualTo(1);
	}

	@Test
	void anEventReadAgainAfterItWasCountedButBeforeItWasRememberedCountsOnce() {
		apply(published());
		apply(recorded(this.first, DeliveryStatus.SENT, 1, 2));
		MailEvent.FeedbackReceived complaint = feedback(this.first, this.version, MailEvent.Feedback.COMPLAINT);
		DeliveryRecorded sent = recorded(this.second, DeliveryStatus.SENT, 1, 3);
		FanOutBoard.Position complaintAt = next(Topics.MAIL_EVENTS);
		FanOutBoard.Position sentAt = next(Topics.DELIVERY_OUTCOMES);

		this.failing.set(FanOutBoard.SEEN::equals);
		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> this.board.apply(complaint, complaintAt));
		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> this.board.apply(sent, sentAt));
		this.failing.set((collection) -> false);
		assertThat(this.board.apply(complaint, complaintAt)).isTrue();
		assertThat(this.board.apply(sent, sentAt)).isTrue();

		FanOutRow row = onlyRow();
		assertThat(row.counts().sent()).isEqualTo(2);
		assertThat(row.feedback().complaints()).isEqualTo(1);
		assertThat(this.board.complaintRate(1).complaints()).isEqualTo(1);
		assertThat(this.board.complaintRate(1).sent()).isEqualTo(2);
		assertThat(this.meters.counter("alert.dashboard.feedback", "feedback", "complaint").count()).isEqualTo(1);
	}

	@Test
	void aBounceReadAgainAfterAFailureBetweenItsFanOutAndItsDayCountsOnce() {
		apply(published());
		MailEvent.FeedbackReceived bounce = feedback(this.first, this.version, MailEvent.Feedback.HARD_BOUNCE);
		FanOutBoard.Position at = next(Topics.MAIL_EVENTS);

		this.failing.set(FanOutBoard.DAYS::equals);
		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> this.board.apply(bounce, at));
		this.failing.set((collection) -> false);
		assertThat(this.board.apply(bounce, at)).isTrue();

		assertThat(onlyRow().feedback().hardBounces()).isEqualTo(1);
	}

	@Test
	void aBatchGivesTheBoardThatItsEventsGiveAppliedOneAtATime() {
		List<ContractEvent> events = List.of(published(),
				new AudienceResolved(EventId.random(), 1, POSTED.plusSeconds(1), this.version, 3, 1),
				recorded(this.first, DeliveryStatus.DEFERRED, 1, 2), recorded(this.second, DeliveryStatus.SENT, 1, 3),
				recorded(this.third, DeliveryStatus.FAILED, 1, 4), recorded(this.first, DeliveryStatus.SENT, 2, 62),
				recorded(this.first, DeliveryStatus.SKIPPED, 2, 63),
				feedback(this.second, this.version, MailEvent.Feedback.COMPLAINT));
		FanOutBoard oneAtATime = new FanOutBoard(new MongoTemplate(this.client, "one-at-a-time"),
				new SimpleMeterRegistry(), Clock.fixed(POSTED.plusSeconds(90), ZoneOffset.UTC));
		List<FanOutBoard.Sighting> batch = sightings(events);
		batch.forEach((sighting) -> oneAtATime.apply(sighting.event(), sighting.at()));

		this.board.apply(batch);

		FanOutRow row = onlyRow();
		assertThat(row.counts()).isEqualTo(new Counts(2, 0, 1, 0, 0, 0));
		assertThat(row.postToFirst()).isEqualTo(Duration.ofSeconds(3));
		assertThat(row.postToLast()).isEqualTo(Duration.ofSeconds(62));
		assertThat(row.feedback().complaints()).isEqualTo(1);
		assertThat(this.board.throughput(2)).extracting(FanOutBoard.Minute::sent, FanOutBoard.Minute::failed)
			.containsExactly(tuple(1L, 1L), tuple(1L, 0L));
		assertThat(this.board.complaintRate(1)).isEqualTo(new ComplaintRate(1, 2, 1));
		assertThat(this.meters.counter("alert.dashboard.deliveries", "status", "sent").count()).isEqualTo(2);
		assertThat(this.board.board(10)).isEqualTo(oneAtATime.board(10));
		assertThat(this.board.throughput(2)).isEqualTo(oneAtATime.throughput(2));
		assertThat(this.board.complaintRate(1)).isEqualTo(oneAtATime.complaintRate(1));
		assertThat(this.board.outcomes(this.alert.id().toString(), null, 10))
			.containsExactlyInAnyOrderElementsOf(oneAtATime.outcomes(this.alert.id().toString(), null, 10));
	}

	@Test
	void aBatchReadAgainAfterMongoDbFailedPartWayThroughItCountsEachEventOnce() {
		apply(published());
		List<FanOutBoard.Sighting> batch = sightings(List.of(recorded(this.first, DeliveryStatus.DEFERRED, 1, 2),
				recorded(this.second, DeliveryStatus.SENT, 1, 3), recorded(this.first, DeliveryStatus.SENT, 2, 62),
				feedback(this.second, this.version, MailEvent.Feedback.COMPLAINT)));

		for (String collection : List.of(FanOutBoard.OUTCOMES, FanOutBoard.FANOUTS, FanOutBoard.MINUTES,
				FanOutBoard.DAYS, FanOutBoard.SEEN)) {
			this.failing.set(collection::equals);
			assertThatExceptionOfType(DataAccessResourceFailureException.class).as("failing on %s", collection)
				.isThrownBy(() -> this.board.apply(batch));
		}
		this.failing.set((collection) -> false);
		this.board.apply(batch);
		this.board.apply(batch);

		FanOutRow row = onlyRow();
		assertThat(row.counts()).isEqualTo(new Counts(2, 0, 0, 0, 0, 0));
		assertThat(row.feedback().complaints()).isEqualTo(1);
		assertThat(this.board.throughput(2)).extracting(FanOutBoard.Minute::sent).containsExactly(1L, 1L);
		assertThat(this.board.complaintRate(1)).isEqualTo(new ComplaintRate(1, 2, 1));
		assertThat(this.meters.counter("alert.dashboard.deliveries", "status", "sent").count()).isEqualTo(2);
		assertThat(this.meters.counter("alert.dashboard.feedback", "feedback", "complaint").count()).isEqualTo(1);
	}

	@Test
	void aBatchReadAgainWithOtherBoundariesCountsEachEventOnce() {
		apply(published());
		List<ContractEvent> sent = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			sent.add(recorded(SubscriberId.random(), DeliveryStatus.SENT, 1, 2 + i));
		}
		List<FanOutBoard.Sighting> read = sightings(sent);

		this.failing.set(FanOutBoard.SEEN::equals);
		assertThatExceptionOfType(DataAccessResourceFailureException.class).as("counted, not remembered")
			.isThrownBy(() -> this.board.apply(read.subList(0, 8)));
		this.failing.set((collection) -> false);
		this.board.apply(read.subList(4, 12));

		assertThat(onlyRow().counts().sent()).isEqualTo(12);
		assertThat(this.board.throughput(2)).extracting(FanOutBoard.Minute::sent).containsExactly(12L, 0L);
		assertThat(this.meters.counter("alert.dashboard.deliveries", "status", "sent").count()).isEqualTo(12);
	}

	@Test
	void aDeliveryAReplacedConsumerWroteSinceTheBatchReadItIsRecordedOneEventAtATime() {
		apply(published());
		List<FanOutBoard.Sighting> batch = sightings(List.of(recorded(this.first, DeliveryStatus.DEFERRED, 1, 2),
				recorded(this.second, DeliveryStatus.SENT, 1, 3), recorded(this.first, DeliveryStatus.SENT, 2, 62)));
		FanOutBoard.Sighting deferred = batch.getFirst();
		this.beforeBulkWrite.set(() -> this.board.apply(deferred.event(), deferred.at()));

		this.board.apply(batch);

		assertThat(onlyRow().counts()).isEqualTo(new Counts(2, 0, 0, 0, 0, 0));
		assertThat(this.meters.counter("alert.dashboard.deliveries", "status", "deferred").count()).isEqualTo(1);
		assertThat(this.meters.counter("alert.dashboard.deliveries", "status", "sent").count()).isEqualTo(2);
		Document delivery = this.client.getDatabase("board")
			.getCollection(FanOutBoard.OUTCOMES)
			.find(new Document("_id", this.version.key() + ":" + this.first))
			.first();
		assertThat(delivery.getList("changes", Document.class)).extracting((change) -> change.getString("status"))
			.as("each event once")
			.containsExactly("deferred", "sent");
	}

	@Test
	void aBatchRecordOfOutcomesGivesTheBoardThatItsEntriesGiveAsEventsOfTheirOwn() {
		List<ContractEvent> records = List.of(published(),
				new AudienceResolved(EventId.random(), 1, POSTED.plusSeconds(1), this.version, 3, 1),
				batch(1, 2, this.first, DeliveryStatus.DEFERRED, this.second, DeliveryStatus.SENT, this.third,
						DeliveryStatus.FAILED),
				batch(2, 62, this.first, DeliveryStatus.SENT));
		FanOutBoard entries = new FanOutBoard(new MongoTemplate(this.client, "entries"), new SimpleMeterRegistry(),
				Clock.fixed(POSTED.plusSeconds(90), ZoneOffset.UTC));
		for (ContractEvent event : records) {
			List<ContractEvent> each = (event instanceof DeliveriesRecorded recorded) ? List.copyOf(recorded.each())
					: List.of(event);
			each.forEach((one) -> entries.apply(one, next("entries")));
		}
		FanOutBoard oneRecordAtATime = new FanOutBoard(new MongoTemplate(this.client, "one-at-a-time"),
				new SimpleMeterRegistry(), Clock.fixed(POSTED.plusSeconds(90), ZoneOffset.UTC));
		List<FanOutBoard.Sighting> batch = sightings(records);
		batch.forEach((sighting) -> oneRecordAtATime.apply(sighting.event(), sighting.at()));

		this.board.apply(batch);

		assertThat(onlyRow().counts()).isEqualTo(new Counts(2, 0, 1, 0, 0, 0));
		assertThat(onlyRow().postToLast()).isEqualTo(Duration.ofSeconds(62));
		assertThat(this.meters.counter("alert.dashboard.deliveries", "status", "sent").count()).isEqualTo(2);
		for (FanOutBoard other : List.of(entries, oneRecordAtATime)) {
			assertThat(this.board.board(10)).isEqualTo(other.board(10));
			assertThat(this.board.throughput(2)).isEqualTo(other.throughput(2));
			assertThat(this.board.outcomes(this.alert.id().toString(), null, 10))
				.containsExactlyInAnyOrderElementsOf(other.outcomes(this.alert.id().toString(), null, 10));
		}
	}

	@Test
	void batchRecordsReadAgainAfterMongoDbFailedPartWayOrWithOtherBoundariesCountEachEntryOnce() {
		apply(published());
		List<FanOutBoard.Sighting> read = sightings(
				List.of(batch(1, 2, this.first, DeliveryStatus.DEFERRED, this.second, DeliveryStatus.SENT),
						batch(1, 3, this.third, DeliveryStatus.SENT, SubscriberId.random(), DeliveryStatus.FAILED),
						batch(2, 62, this.first, DeliveryStatus.SENT, SubscriberId.random(), DeliveryStatus.SENT)));

		for (String collection : List.of(FanOutBoard.OUTCOMES, FanOutBoard.FANOUTS, FanOutBoard.MINUTES,
				FanOutBoard.DAYS)) {
			this.failing.set(collection::equals);
			assertThatExceptionOfType(DataAccessResourceFailureException.class).as("failing on %s", collection)
				.isThrownBy(() -> this.board.apply(read.subList(0, 2)));
		}
		this.failing.set(FanOutBoard.SEEN::equals);
		assertThatExceptionOfType(DataAccessResourceFailureException.class).as("counted, not remembered")
			.isThrownBy(() -> this.board.apply(read.subList(0, 2)));
		this.failing.set((collection) -> false);
		this.board.apply(read.subList(1, 3));
		this.board.apply(read);

		assertThat(onlyRow().counts()).isEqualTo(new Counts(4, 0, 1, 0, 0, 0));
		assertThat(this.board.throughput(2)).extracting(FanOutBoard.Minute::sent, FanOutBoard.Minute::failed)
			.containsExactly(tuple(2L, 1L), tuple(2L, 0L));
		assertThat(this.meters.counter("alert.dashboard.deliveries", "status", "sent").count()).isEqualTo(4);
	}

	@Test
	void aBatchRecordWhoseDeliveryAReplacedConsumerWroteIsRecordedOneEntryAtATimeAndCountedOnce() {
		apply(published());
		List<FanOutBoard.Sighting> read = sightings(
				List.of(batch(1, 2, this.first, DeliveryStatus.DEFERRED), batch(2, 62, this.first, DeliveryStatus.SENT,
						this.second, DeliveryStatus.SENT, this.third, DeliveryStatus.SENT)));
		FanOutBoard.Sighting deferred = read.getFirst();
		this.beforeBulkWrite.set(() -> this.board.apply(deferred.event(), deferred.at()));

		this.board.apply(read);

		assertThat(onlyRow().counts()).isEqualTo(new Counts(3, 0, 0, 0, 0, 0));
		assertThat(this.meters.counter("alert.dashboard.deliveries", "status", "sent").count()).isEqualTo(3);
		Document delivery = this.client.getDatabase("board")
			.getCollection(FanOutBoard.OUTCOMES)
			.find(new Document("_id", this.version.key() + ":" + this.first))
			.first();
		assertThat(delivery.getList("changes", Document.class)).extracting((change) -> change.getString("status"))
			.as("each entry once")
			.containsExactly("deferred", "sent");
	}

	@Test
	void aPollWhoseRecordsHoldMoreOutcomesThanAPartIsAppliedAPartAtATimeToTheSameBoard() {
		List<ContractEvent> records = List.of(published(),
				new AudienceResolved(EventId.random(), 1, POSTED.plusSeconds(1), this.version, 7, 1),
				batch(1, 2, this.first, DeliveryStatus.SENT, this.second, DeliveryStatus.SENT),
				batch(1, 3, this.third, DeliveryStatus.FAILED, SubscriberId.random(), DeliveryStatus.SENT,
						SubscriberId.random(), DeliveryStatus.SENT, SubscriberId.random(), DeliveryStatus.SENT),
				batch(1, 4, SubscriberId.random(), DeliveryStatus.DEFERRED));
		List<String> outcomeWrites = new ArrayList<>();
		HookedMongoTemplate parted = new HookedMongoTemplate(this.client, "parted");
		parted.hook((write) -> {
			if (write.operation().equals("bulkWrite") && write.collection().equals(FanOutBoard.OUTCOMES)) {
				outcomeWrites.add(write.selects());
			}
		});
		FanOutBoard inParts = new FanOutBoard(parted, new SimpleMeterRegistry(),
				Clock.fixed(POSTED.plusSeconds(90), ZoneOffset.UTC), 3);
		List<FanOutBoard.Sighting> batch = sightings(records);

		inParts.apply(batch);
		this.board.apply(batch);

		assertThat(outcomeWrites).as("one per part holding outcomes: 2, 4 (a record is not split), 1").hasSize(3);
		assertThat(onlyRow().counts()).isEqualTo(new Counts(5, 1, 1, 0, 0, 0));
		assertThat(inParts.board(10)).isEqualTo(this.board.board(10));
		assertThat(inParts.throughput(2)).isEqualTo(this.board.throughput(2));
		assertThat(inParts.outcomes(this.alert.id().toString(), null, 10))
			.containsExactlyInAnyOrderElementsOf(this.board.outcomes(this.alert.id().toString(), null, 10));
	}

	/**
	 * Dispatch publishes a batch's outcomes again, from its ledger, when it reads the
	 * batch again after a failure: new records, new event ids, the same outcomes.
	 */
	@Test
	void outcomesPublishedAgainUnderNewEventIdsCountOnce() {
		apply(published());
		apply(new AudienceResolved(EventId.random(), 1, POSTED.plusSeconds(1), this.version, 3, 1));
		apply(batch(1, 2, this.first, DeliveryStatus.SENT, this.second, DeliveryStatus.DEAD_LETTERED, this.third,
				DeliveryStatus.SKIPPED));
		Counts once = onlyRow().counts();
		List<FanOutBoard.Minute> minutes = this.board.throughput(2);

		apply(batch(1, 40, this.first, DeliveryStatus.SENT, this.second, DeliveryStatus.DEAD_LETTERED, this.third,
				DeliveryStatus.SKIPPED));
		this.board.apply(sightings(List.of(batch(1, 41, this.first, DeliveryStatus.SENT, this.second,
				DeliveryStatus.DEAD_LETTERED, this.third, DeliveryStatus.SKIPPED))));

		assertThat(once).isEqualTo(new Counts(1, 0, 0, 1, 0, 1));
		assertThat(onlyRow().counts()).isEqualTo(once);
		assertThat(this.board.throughput(2)).isEqualTo(minutes);
		assertThat(this.meters.counter("alert.dashboard.deliveries", "status", "sent").count()).isEqualTo(1);
	}

	@Test
	void aSentDeliveryStaysSentWhenALaterOutcomeSaysItWasSkippedAsAlreadyReceived() {
		apply(published());
		apply(recorded(this.first, DeliveryStatus.SENT, 1, 2));
		apply(recorded(this.first, DeliveryStatus.SKIPPED, 1, 5));

		assertThat(onlyRow().counts()).isEqualTo(new Counts(1, 0, 0, 0, 0, 0));
		assertThat(this.board.outcomes(this.alert.id().toString(), "sent", 10)).singleElement()
			.satisfies((outcome) -> assertThat(outcome.subscriber()).isEqualTo(this.first.toString()));
	}

	@Test
	void failuresAndDeadLettersMakeAFinishedFanOutPartialAndARedriveCanStillDeliver() {
		apply(published());
		apply(new AudienceResolved(EventId.random(), 1, POSTED.plusSeconds(1), this.version, 2, 1));
		apply(recorded(this.first, DeliveryStatus.FAILED, 1, 2));
		apply(recorded(this.second, DeliveryStatus.DEAD_LETTERED, 3, 3));

		assertThat(onlyRow().state()).isEqualTo(FanOutState.PARTIAL);

		apply(recorded(this.second, DeliveryStatus.SENT, 1, 80));

		assertThat(onlyRow().counts()).isEqualTo(new Counts(1, 0, 1, 0, 0, 0));
		assertThat(onlyRow().state()).isEqualTo(FanOutState.PARTIAL);
		assertThat(this.board.outcomes(this.alert.id().toString(), "dead-lettered", 10)).isEmpty();
	}

	@Test
	void operatorsPauseResumeAndCancelShowOnTheRow() {
		apply(published());
		apply(control(ControlAction.PAUSED));
		assertThat(onlyRow().state()).isEqualTo(FanOutState.PAUSED);

		apply(control(ControlAction.RESUMED));
		assertThat(onlyRow().state()).isEqualTo(FanOutState.SCHEDULED);

		apply(control(ControlAction.CANCELLED));
		assertThat(onlyRow().state()).isEqualTo(FanOutState.CANCELLED);
		assertThat(onlyRow().controllable()).isFalse();
	}

	@Test
	void aCancelledAlertShowsItsCancellationAsTheLatestVersion() {
		apply(published());
		AlertSnapshot v2 = new AlertSnapshot(this.alert.id(), 2, this.alert.kind(), this.alert.organisation(),
				this.alert.campaign(), "KZ", List.of(), "en", this.alert.content(), List.of(), POSTED, null, null);
		apply(new AlertCancelled(EventId.random(), 1, POSTED.plusSeconds(30), v2, Map.of("en", "Freed")));

		FanOutRow row = onlyRow();
		assertThat(row.state()).isEqualTo(FanOutState.CANCELLED);
		assertThat(row.version()).isEqualTo(2);
		assertThat(row.type()).isEqualTo("cancelled");
		assertThat(this.board.versions(this.alert.id().toString())).hasValueSatisfying(
				(versions) -> assertThat(versions).extracting(FanOutRow::version).containsExactly(1, 2));
	}

	@Test
	void eMailsSentAndFailedAreCountedPerMinute() {
		apply(published());
		apply(recorded(this.first, DeliveryStatus.SENT, 1, 2));
		apply(recorded(this.second, DeliveryStatus.FAILED, 1, 3));
		apply(recorded(this.third, DeliveryStatus.SENT, 1, 61));

		List<FanOutBoard.Minute> minutes = this.board.throughput(3);

		assertThat(minutes).extracting(FanOutBoard.Minute::minute)
			.containsExactly(POSTED.minusSeconds(60), POSTED, POSTED.plusSeconds(60));
		assertThat(minutes).extracting(FanOutBoard.Minute::sent).containsExactly(0L, 1L, 1L);
		assertThat(minutes).extracting(FanOutBoard.Minute::failed).containsExactly(0L, 1L, 0L);
	}

	@Test
	void bouncesAndComplaintsCountOnTheFanOutTheyNameAndComplaintsAgainstSentGiveTheRate() {
		apply(published());
		apply(recorded(this.first, DeliveryStatus.SENT, 1, 2));
		apply(recorded(this.second, DeliveryStatus.SENT, 1, 3));
		apply(recorded(this.third, DeliveryStatus.SENT, 1, 4));
		apply(feedback(this.first, this.version, MailEvent.Feedback.HARD_BOUNCE));
		apply(feedback(this.second, this.version, MailEvent.Feedback.SOFT_BOUNCE));
		MailEvent.FeedbackReceived complaint = feedback(this.third, this.version, MailEvent.Feedback.COMPLAINT);
		apply(complaint);
		apply(complaint);
		apply(feedback(this.third, null, MailEvent.Feedback.COMPLAINT));

		FanOutRow row = onlyRow();
		assertThat(row.feedback()).isEqualTo(new Feedbacks(1, 1, 1, 0));
		assertThat(row.feedback().bounces()).isEqualTo(2);
		ComplaintRate rate = this.board.complaintRate(30);
		assertThat(rate.sent()).isEqualTo(3);
		assertThat(rate.complaints()).isEqualTo(2);
		assertThat(rate.percentText()).isEqualTo("66.67 %");
		assertThat(rate.warning()).isTrue();
	}

	@Test
	void serviceMailsThatDidNotGoAreListedWithWhyAndCountedOverTheLastDay() {
		apply(serviceMail(this.first, DeliveryStatus.SENT, 1, "SMTP 250", 60));
		apply(serviceMail(this.second, DeliveryStatus.DEFERRED, 1, "SMTP 451", 50));
		MailEvent.ServiceMailRecorded givenUp = serviceMail(this.second, DeliveryStatus.DEAD_LETTERED, 3,
				"gave up after 3 attempts: SMTP 452", 40);
		apply(givenUp);
		apply(givenUp);
		apply(serviceMail(this.third, DeliveryStatus.SENT, 1, "SMTP 250", 2 * 86_400));

		ServiceMails mails = this.board.serviceMails(10);

		assertThat(mails.sent()).as("sent in the last day").isEqualTo(1);
		assertThat(mails.deferred()).isEqualTo(1);
		assertThat(mails.givenUp()).as("counted once though received twice").isEqualTo(1);
		assertThat(mails.problems()).extracting(ServiceMails.Problem::status, ServiceMails.Problem::detail)
			.containsExactly(tuple("dead-lettered", "gave up after 3 attempts: SMTP 452"),
					tuple("deferred", "SMTP 451"));
		assertThat(mails.problems()).allSatisfy((problem) -> {
			assertThat(problem.subscriber()).isEqualTo(this.second.toString());
			assertThat(problem.mail()).isEqualTo("confirmation");
		});
	}

	private static MailEvent.ServiceMailRecorded serviceMail(SubscriberId subscriber, DeliveryStatus status,
			int attempt, String detail, long secondsAgo) {
		return new MailEvent.ServiceMailRecorded(EventId.random(), ContractEvent.SCHEMA_VERSION,
				POSTED.plusSeconds(90 - secondsAgo), subscriber, MailEvent.ServiceMail.CONFIRMATION, status, attempt,
				detail);
	}

	@Test
	void theComplaintRateWarnsOnlyAboveThreeInAThousand() {
		assertThat(new ComplaintRate(30, 1000, 3).warning()).isFalse();
		assertThat(new ComplaintRate(30, 1000, 4).warning()).isTrue();
		assertThat(new ComplaintRate(30, 0, 0).warning()).isFalse();
		assertThat(new ComplaintRate(30, 1000, 4).percentText()).isEqualTo("0.40 %");
	}

	private MailEvent.FeedbackReceived feedback(SubscriberId subscriber, AlertVersion version,
			MailEvent.Feedback feedback) {
		return new MailEvent.FeedbackReceived(EventId.random(), ContractEvent.SCHEMA_VERSION, POSTED.plusSeconds(30),
				subscriber, version, feedback, MailEvent.FeedbackSource.DSN, null);
	}

	private FanOutRow onlyRow() {
		List<FanOutRow> rows = this.board.board(10);
		assertThat(rows).hasSize(1);
		return rows.getFirst();
	}

	private AlertPublished published() {
		return new AlertPublished(EventId.random(), ContractEvent.SCHEMA_VERSION, POSTED, this.alert);
	}

	private DeliveryRecorded recorded(SubscriberId subscriber, DeliveryStatus status, int attempt, int secondsAfter) {
		return new DeliveryRecorded(EventId.random(), ContractEvent.SCHEMA_VERSION, POSTED.plusSeconds(secondsAfter),
				this.version, subscriber, status, attempt, "SMTP");
	}

	/** A batch record of outcomes: subscribers and statuses, in pairs. */
	private DeliveriesRecorded batch(int attempt, int secondsAfter, Object... entries) {
		List<DeliveriesRecorded.Outcome> outcomes = new ArrayList<>();
		for (int i = 0; i < entries.length; i += 2) {
			outcomes.add(
					new DeliveriesRecorded.Outcome((SubscriberId) entries[i], (DeliveryStatus) entries[i + 1], "SMTP"));
		}
		return new DeliveriesRecorded(EventId.random(), ContractEvent.SCHEMA_VERSION, POSTED.plusSeconds(secondsAfter),
				this.version, attempt, outcomes);
	}

	private FanOutControlled control(ControlAction action) {
		return new FanOutControlled(EventId.random(), ContractEvent.SCHEMA_VERSION, POSTED.plusSeconds(5), this.version,
				action, "ada");
	}

	/** Applies an event as read at the next offset of its topic. */
	private boolean apply(ContractEvent event) {
		return this.board.apply(event, next(topicOf(event)));
	}

	private static String topicOf(ContractEvent event) {
		return switch (event) {
			case AlertEvent alert -> Topics.ALERTS_URGENT;
			case FanOutControlled control -> Topics.FANOUT_CONTROL;
			case DeliveryEvent.ActionsReported reported -> Topics.ACTION_REPORTS;
			case MailEvent mail -> Topics.MAIL_EVENTS;
			default -> Topics.DELIVERY_OUTCOMES;
		};
	}

	/** The events as read one after the other, each at the next offset of its topic. */
	private List<FanOutBoard.Sighting> sightings(List<ContractEvent> events) {
		return events.stream().map((event) -> new FanOutBoard.Sighting(event, next(topicOf(event)))).toList();
	}

	private FanOutBoard.Position next(String topic) {
		return new FanOutBoard.Position(topic, 0,
				this.offsets.computeIfAbsent(topic, (name) -> new AtomicLong()).getAndIncrement());
	}

}
