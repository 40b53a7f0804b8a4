package org.solidarityalerts.ingest.progress;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import java.util.stream.IntStream;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.AudienceResolved;
import org.solidarityalerts.contract.DeliveryEvent.DeliveriesRecorded;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryRecorded;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.MailEvent;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.testsupport.HookedMongoTemplate;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The progress read model against a real MongoDB wire server, fed as its listener feeds
 * it: batches of events with their offsets, read again from where a failure left them.
 * Each delivery's change counts exactly once, whether an event is read twice, a batch is
 * read again with other boundaries, or MongoDB fails between a delivery's latest status
 * and its version's counters.
 */
class DeliveryProgressTests {

	private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

	private final AlertVersion version = new AlertVersion(AlertId.random(), 1);

	private final List<Object> announced = new ArrayList<>();

	/** Which find-and-modify writes fail: by collection and filter. */
	private final AtomicReference<BiPredicate<String, String>> failing = new AtomicReference<>((c, q) -> false);

	/** What happens just before the deliveries' statuses are written in bulk. */
	private final AtomicReference<Runnable> beforeStatuses = new AtomicReference<>(() -> {
	});

	private MongoTemplate mongo;

	private MongoServer server;

	private MongoClient client;

	private DeliveryProgress progress;

	private long offset;

	@BeforeEach
	void start() {
		this.server = new MongoServer(new MemoryBackend());
		this.server.bind("127.0.0.1", 0);
		this.client = MongoClients.create(this.server.getConnectionString());
		HookedMongoTemplate mongo = new HookedMongoTemplate(this.client, "progress");
		mongo.hook((write) -> {
			switch (write.operation()) {
				case "findAndModify", "insert" -> {
					if (this.failing.get().test(write.collection(), write.selects())) {
						throw HookedMongoTemplate.wentAway();
					}
				}
				case "bulkWrite" -> this.beforeStatuses.get().run();
				default -> {
				}
			}
		});
		this.mongo = mongo;
		this.progress = newProgress();
	}

	private DeliveryProgress newProgress() {
		return new DeliveryProgress(this.mongo, Clock.fixed(NOW, ZoneOffset.UTC), this.announced::add);
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void aDeliveryDeferredThenSentCountsOnceAsSentWhetherInOneBatchOrTwo() {
		SubscriberId first = SubscriberId.random();
		SubscriberId second = SubscriberId.random();
		this.progress.apply(read(recorded(first, DeliveryStatus.DEFERRED), recorded(first, DeliveryStatus.SENT),
				recorded(second, DeliveryStatus.DEFERRED)));
		assertThat(progress()).isEqualTo(new Progress(1, -1, 1, 1, 0, 0, 0));

		this.progress.apply(read(recorded(second, DeliveryStatus.SENT)));
		assertThat(progress()).isEqualTo(new Progress(1, -1, 2, 0, 0, 0, 0));
	}

	@Test
	void aDeferralReadAfterTheDeliveryWasSentChangesNothing() {
		SubscriberId reader = SubscriberId.random();
		this.progress.apply(read(recorded(reader, DeliveryStatus.SENT)));
		this.progress.apply(read(recorded(reader, DeliveryStatus.DEFERRED), recorded(reader, DeliveryStatus.FAILED)));

		assertThat(progress()).isEqualTo(new Progress(1, -1, 1, 0, 0, 0, 0));
	}

	@Test
	void anEventPublishedTwiceCountsOnceInOneBatchOrInTwo() {
		DeliveryRecorded sent = recorded(SubscriberId.random(), DeliveryStatus.SENT);
		DeliveryRecorded deferred = recorded(SubscriberId.random(), DeliveryStatus.DEFERRED);
		this.progress.apply(read(sent, deferred, sent));
		this.progress.apply(read(deferred, sent));

		assertThat(progress()).isEqualTo(new Progress(1, -1, 1, 1, 0, 0, 0));
	}

	@Test
	void aBatchReadAgainCountsNothingTwiceEvenWithOtherBoundaries() {
		List<ContractEvent> events = IntStream.range(0, 10)
			.mapToObj((i) -> (ContractEvent) recorded(SubscriberId.random(), DeliveryStatus.SENT))
			.toList();
		List<DeliveryProgress.Sighting> sightings = read(events.toArray(ContractEvent[]::new));

		this.progress.apply(sightings.subList(0, 4));
		// Crashed before committing its offsets: read again, in a larger batch.
		this.progress.apply(sightings.subList(0, 7));
		this.progress.apply(sightings.subList(5, 10));
		this.progress.apply(sightings);

		assertThat(progress().sent()).isEqualTo(10);
	}

	@Test
	void aFailureBetweenTheLatestStatusesAndTheCountersLosesNothingWhenTheBatchIsReadAgain() {
		SubscriberId first = SubscriberId.random();
		SubscriberId second = SubscriberId.random();
		this.progress.apply(read(new AudienceResolved(EventId.random(), 1, NOW, this.version, 2, 1),
				recorded(first, DeliveryStatus.DEFERRED)));
		List<DeliveryProgress.Sighting> batch = read(recorded(first, DeliveryStatus.SENT),
				recorded(second, DeliveryStatus.DEFERRED), recorded(second, DeliveryStatus.SENT));

		fail((collection, filter) -> collection.equals(DeliveryProgress.VERSIONS));
		assertThatExceptionOfType(DeliveryProgress.NotApplied.class).isThrownBy(() -> this.progress.apply(batch))
			.satisfies((ex) -> assertThat(ex.from()).as("read again from its start").isZero());
		assertThat(progress()).as("the statuses are written, the counters are not")
			.isEqualTo(new Progress(1, 2, 0, 1, 0, 0, 0));

		fail((collection, filter) -> false);
		this.progress.apply(batch);
		assertThat(progress()).isEqualTo(new Progress(1, 2, 2, 0, 0, 0, 0));
		assertThat(this.announced).hasSize(1);

		this.progress.apply(batch);
		assertThat(progress()).isEqualTo(new Progress(1, 2, 2, 0, 0, 0, 0));
		assertThat(this.announced).hasSize(1);
	}

	@Test
	void aBatchWhoseStatusesCouldNotBeWrittenIsReadAgainWhole() {
		List<DeliveryProgress.Sighting> batch = read(recorded(SubscriberId.random(), DeliveryStatus.DEFERRED),
				recorded(SubscriberId.random(), DeliveryStatus.SENT));
		this.beforeStatuses.set(() -> {
			throw new MongoException("MongoDB went away");
		});

		assertThatExceptionOfType(DeliveryProgress.NotApplied.class).isThrownBy(() -> this.progress.apply(batch))
			.satisfies((ex) -> assertThat(ex.from()).isZero());
		assertThat(this.progress.of(this.version.alertId().toString())).isEmpty();

		this.beforeStatuses.set(() -> {
		});
		this.progress.apply(batch);
		assertThat(progress()).isEqualTo(new Progress(1, -1, 1, 1, 0, 0, 0));
	}

	@Test
	void anEventThatCannotBeAppliedHasTheDeliveriesBeforeItCountedAndTheBatchReadAgainFromIt() {
		List<DeliveryProgress.Sighting> batch = read(recorded(SubscriberId.random(), DeliveryStatus.SENT),
				recorded(SubscriberId.random(), DeliveryStatus.SENT),
				new AudienceResolved(EventId.random(), 1, NOW, this.version, 3, 1),
				recorded(SubscriberId.random(), DeliveryStatus.SENT));
		fail((collection, filter) -> collection.equals(DeliveryProgress.VERSIONS) && !filter.contains("counted"));

		assertThatExceptionOfType(DeliveryProgress.NotApplied.class).isThrownBy(() -> this.progress.apply(batch))
			.satisfies((ex) -> assertThat(ex.from()).isEqualTo(2));
		assertThat(progress()).as("the two before it").isEqualTo(new Progress(1, -1, 2, 0, 0, 0, 0));

		fail((collection, filter) -> false);
		this.progress.apply(batch.subList(2, 4));
		assertThat(progress()).isEqualTo(new Progress(1, 3, 3, 0, 0, 0, 0));
		assertThat(this.announced).hasSize(1);
	}

	@Test
	void deliveriesAnotherConsumerWroteMeanwhileAreRecordedOneByOneAndCountedOnce() {
		SubscriberId reader = SubscriberId.random();
		List<DeliveryProgress.Sighting> batch = read(recorded(reader, DeliveryStatus.DEFERRED),
				recorded(reader, DeliveryStatus.SENT), recorded(SubscriberId.random(), DeliveryStatus.FAILED));
		DeliveryProgress replaced = newProgress();
		// The consumer the group replaced finishes the same batch between this one's read
		// and its write.
		this.beforeStatuses.set(() -> {
			this.beforeStatuses.set(() -> {
			});
			replaced.apply(batch);
		});

		this.progress.apply(batch);

		assertThat(progress()).isEqualTo(new Progress(1, -1, 1, 0, 1, 0, 0));
		Document delivery = this.mongo.findById(this.version.key() + ":" + reader, Document.class,
				DeliveryProgress.OUTCOMES);
		assertThat(delivery.getList("history", Document.class)).as("each event once")
			.extracting((entry) -> entry.getString("status"))
			.containsExactly("deferred", "sent");
	}

	@Test
	void eachEntryOfABatchRecordCountsOnceWhenReadAgainOrAfterAFailureBeforeItsCounters() {
		SubscriberId deferred = SubscriberId.random();
		List<DeliveryProgress.Sighting> first = read(new AudienceResolved(EventId.random(), 1, NOW, this.version, 3, 1),
				batch(1, deferred, DeliveryStatus.DEFERRED, SubscriberId.random(), DeliveryStatus.SENT,
						SubscriberId.random(), DeliveryStatus.FAILED));
		this.progress.apply(first);
		assertThat(progress()).isEqualTo(new Progress(1, 3, 1, 1, 1, 0, 0));

		this.progress.apply(first);
		assertThat(progress()).as("read again").isEqualTo(new Progress(1, 3, 1, 1, 1, 0, 0));

		List<DeliveryProgress.Sighting> retry = read(batch(2, deferred, DeliveryStatus.SENT));
		fail((collection, filter) -> collection.equals(DeliveryProgress.VERSIONS));
		assertThatExceptionOfType(DeliveryProgress.NotApplied.class).isThrownBy(() -> this.progress.apply(retry));
		assertThat(progress()).as("its status written, not counted").isEqualTo(new Progress(1, 3, 1, 1, 1, 0, 0));

		fail((collection, filter) -> false);
		this.progress.apply(retry);
		this.progress.apply(retry);
		assertThat(progress()).isEqualTo(new Progress(1, 3, 2, 0, 1, 0, 0));
		assertThat(this.announced).hasSize(1);
	}

	/**
	 * Dispatch publishes a batch's outcomes again, from its ledger, when it reads the
	 * batch again after a failure: new records, new event ids, the same outcomes.
	 */
	@Test
	void outcomesPublishedAgainUnderNewEventIdsCountOnce() {
		SubscriberId sent = SubscriberId.random();
		SubscriberId failed = SubscriberId.random();
		this.progress.apply(read(new AudienceResolved(EventId.random(), 1, NOW, this.version, 2, 1),
				batch(1, sent, DeliveryStatus.SENT, failed, DeliveryStatus.FAILED)));
		assertThat(progress()).isEqualTo(new Progress(1, 2, 1, 0, 1, 0, 0));

		this.progress.apply(read(batch(1, sent, DeliveryStatus.SENT, failed, DeliveryStatus.FAILED)));
		this.progress.apply(read(batch(1, failed, DeliveryStatus.FAILED), batch(1, sent, DeliveryStatus.SENT)));

		assertThat(progress()).isEqualTo(new Progress(1, 2, 1, 0, 1, 0, 0));
		assertThat(this.announced).hasSize(1);
	}

	@Test
	void aBatchRecordAnotherConsumerWroteMeanwhileIsRecordedOneEntryAtATimeAndCountedOnce() {
		List<DeliveryProgress.Sighting> batch = read(batch(1, SubscriberId.random(), DeliveryStatus.SENT,
				SubscriberId.random(), DeliveryStatus.SENT, SubscriberId.random(), DeliveryStatus.DEFERRED));
		DeliveryProgress replaced = newProgress();
		this.beforeStatuses.set(() -> {
			this.beforeStatuses.set(() -> {
			});
			replaced.apply(batch);
		});

		this.progress.apply(batch);

		assertThat(progress()).isEqualTo(new Progress(1, -1, 2, 1, 0, 0, 0));
	}

	@Test
	void aPollIsAppliedAPartAtATimeAndAFailureNamesTheFirstRecordToReadAgainInTheWholePoll() {
		this.progress = new DeliveryProgress(this.mongo, Clock.fixed(NOW, ZoneOffset.UTC), this.announced::add, 2);
		List<DeliveryProgress.Sighting> batch = read(
				batch(1, SubscriberId.random(), DeliveryStatus.SENT, SubscriberId.random(), DeliveryStatus.SENT),
				batch(1, SubscriberId.random(), DeliveryStatus.SENT),
				new AudienceResolved(EventId.random(), 1, NOW, this.version, 4, 1),
				batch(1, SubscriberId.random(), DeliveryStatus.SENT));
		fail((collection, filter) -> collection.equals(DeliveryProgress.VERSIONS) && !filter.contains("counted"));
		AtomicInteger statusWrites = new AtomicInteger();
		this.beforeStatuses.set(statusWrites::incrementAndGet);

		assertThatExceptionOfType(DeliveryProgress.NotApplied.class).isThrownBy(() -> this.progress.apply(batch))
			.satisfies((ex) -> assertThat(ex.from()).as("the audience, in the second part").isEqualTo(2));
		assertThat(progress()).as("the three before it").isEqualTo(new Progress(1, -1, 3, 0, 0, 0, 0));
		assertThat(statusWrites).as("the statuses written a part at a time").hasValue(2);

		fail((collection, filter) -> false);
		this.progress.apply(batch.subList(2, 4));
		assertThat(progress()).isEqualTo(new Progress(1, 4, 4, 0, 0, 0, 0));
		assertThat(this.announced).hasSize(1);
	}

	@Test
	void aReportCountedButNotYetRememberedCountsOnceWhenReadAgainAndOnePublishedTwiceOnce() {
		MailEvent.FeedbackReceived bounce = new MailEvent.FeedbackReceived(EventId.random(), 1, NOW,
				SubscriberId.random(), this.version, MailEvent.Feedback.HARD_BOUNCE, MailEvent.FeedbackSource.DSN,
				null);
		List<DeliveryProgress.Sighting> batch = List
			.of(new DeliveryProgress.Sighting(Topics.MAIL_EVENTS, 3, 40, bounce));
		fail((collection, operation) -> collection.equals(DeliveryProgress.SEEN));

		assertThatExceptionOfType(DeliveryProgress.NotApplied.class).isThrownBy(() -> this.progress.apply(batch));
		assertThat(progress().bounced()).as("counted, not remembered").isEqualTo(1);

		fail((collection, operation) -> false);
		this.progress.apply(batch);
		this.progress.apply(List.of(new DeliveryProgress.Sighting(Topics.MAIL_EVENTS, 3, 41, bounce)));
		assertThat(progress().bounced()).isEqualTo(1);
	}

	@Test
	void feedbackReadTwiceCountsOnce() {
		MailEvent.FeedbackReceived complaint = new MailEvent.FeedbackReceived(EventId.random(), 1, NOW,
				SubscriberId.random(), this.version, MailEvent.Feedback.COMPLAINT, MailEvent.FeedbackSource.ARF, null);
		this.progress.apply(List.of(new DeliveryProgress.Sighting(Topics.MAIL_EVENTS, 0, 0, complaint)));
		this.progress.apply(List.of(new DeliveryProgress.Sighting(Topics.MAIL_EVENTS, 0, 0, complaint)));

		assertThat(progress().complained()).isEqualTo(1);
	}

	@Test
	void aFanOutIsAnnouncedOnceWhenItsLastDeliveryIsCountedInABatch() {
		this.progress.apply(read(new AudienceResolved(EventId.random(), 1, NOW, this.version, 3, 1),
				recorded(SubscriberId.random(), DeliveryStatus.SENT),
				recorded(SubscriberId.random(), DeliveryStatus.FAILED),
				recorded(SubscriberId.random(), DeliveryStatus.SENT)));

		assertThat(this.announced).singleElement()
			.isInstanceOfSatisfying(FanOutFinished.class,
					(finished) -> assertThat(finished.progress()).isEqualTo(new Progress(1, 3, 2, 0, 1, 0, 0)));
	}

	private void fail(BiPredicate<String, String> writes) {
		this.failing.set(writes);
	}

	private Progress progress() {
		return this.progress.of(this.version.alertId().toString()).getFirst();
	}

	private DeliveryRecorded recorded(SubscriberId subscriber, DeliveryStatus status) {
		return new DeliveryRecorded(EventId.random(), 1, NOW, this.version, subscriber, status, 1, null);
	}

	/**
	 * A batch record of outcomes: subscribers and statuses, in pairs.
	 */
	private DeliveriesRecorded batch(int attempt, Object... entries) {
		List<DeliveriesRecorded.Outcome> outcomes = new ArrayList<>();
		for (int i = 0; i < entries.length; i += 2) {
			outcomes.add(new DeliveriesRecorded.Outcome((SubscriberId) entries[i], (DeliveryStatus) entries[i + 1],
					"SMTP reply"));
		}
		return new DeliveriesRecorded(EventId.random(), 2, NOW, this.version, attempt, outcomes);
	}

	/**
	 * Events as read one after another from the outcomes' partition.
	 */
	private List<DeliveryProgress.Sighting> read(ContractEvent... events) {
		List<DeliveryProgress.Sighting> sightings = new ArrayList<>();
		for (ContractEvent event : events) {
			sightings.add(new DeliveryProgress.Sighting(Topics.DELIVERY_OUTCOMES, 0, this.offset++, event));
		}
		return sightings;
	}

}
