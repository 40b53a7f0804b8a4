package org.solidarityalerts.dashboard.board;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
import org.solidarityalerts.contract.DeliveryEvent.DeliveryRecorded;
import org.solidarityalerts.contract.DeliveryEvent.FanOutControlled;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.DeliveryEvent;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.LocalizedContent;
import org.solidarityalerts.contract.MailEvent;
import org.solidarityalerts.contract.SubscriberId;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The board's read model against a real MongoDB wire server: counters, states, timings,
 * and that an event applied twice counts once.
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

	@BeforeEach
	void start() {
		this.server = new MongoServer(new MemoryBackend());
		this.server.bind("127.0.0.1", 0);
		this.client = MongoClients.create(this.server.getConnectionString());
		this.meters = new SimpleMeterRegistry();
		this.board = new FanOutBoard(new MongoTemplate(this.client, "board"), this.meters,
				Clock.fixed(POSTED.plusSeconds(90), ZoneOffset.UTC));
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void aPublishedAlertIsScheduledUntilItsDeliveriesBegin() {
		this.board.apply(published());

		FanOutRow row = onlyRow();
		assertThat(row.state()).isEqualTo(FanOutState.SCHEDULED);
		assertThat(row.title()).isEqualTo("Hunger strike");
		assertThat(row.kind()).isEqualTo("urgent-action");
		assertThat(row.campaign()).isEqualTo("Free Dana");
		assertThat(row.audienceText()).isEqualTo("?");
	}

	@Test
	void aFanOutIsFanningOutUntilEveryRecipientHasAFinalOutcomeThenDone() {
		this.board.apply(published());
		this.board.apply(new AudienceResolved(EventId.random(), 1, POSTED.plusSeconds(1), this.version, 3, 1));
		this.board.apply(recorded(this.first, DeliveryStatus.SENT, 1, 2));
		this.board.apply(recorded(this.second, DeliveryStatus.DEFERRED, 1, 3));
		this.board.apply(recorded(this.third, DeliveryStatus.SKIPPED, 1, 3));

		assertThat(onlyRow().state()).isEqualTo(FanOutState.FANNING_OUT);
		assertThat(onlyRow().counts().deferred()).isEqualTo(1);

		this.board.apply(recorded(this.second, DeliveryStatus.SENT, 2, 62));

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
		this.board.apply(published());
		assertThat(onlyRow().actedText()).isEqualTo("–");

		this.board.apply(reported(0, "write", 11));
		this.board.apply(reported(0, "write", 12));
		this.board.apply(reported(2, "embassy-protest", 3));
		this.board.apply(reported(0, "write", 10));

		assertThat(onlyRow().actedText()).isEqualTo("12 wrote, 3 protested");
	}

	private DeliveryEvent.ActionsReported reported(int action, String kind, long total) {
		return new DeliveryEvent.ActionsReported(EventId.random(), 2, POSTED.plusSeconds(600), this.version, action,
				kind, total);
	}

	@Test
	void anEventAppliedTwiceCountsOnce() {
		this.board.apply(published());
		this.board.apply(new AudienceResolved(EventId.random(), 1, POSTED.plusSeconds(1), this.version, 2, 1));
		DeliveryRecorded sent = recorded(this.first, DeliveryStatus.SENT, 1, 2);

		assertThat(this.board.apply(sent)).isTrue();
		assertThat(this.board.apply(sent)).isFalse();

		assertThat(onlyRow().counts().sent()).isEqualTo(1);
		assertThat(this.meters.counter("alert.dashboard.deliveries", "status", "sent").count()).isEqualTo(1);
	}

	@Test
	void aSentDeliveryStaysSentWhenALaterOutcomeSaysItWasSkippedAsAlreadyReceived() {
		this.board.apply(published());
		this.board.apply(recorded(this.first, DeliveryStatus.SENT, 1, 2));
		this.board.apply(recorded(this.first, DeliveryStatus.SKIPPED, 1, 5));

		assertThat(onlyRow().counts()).isEqualTo(new Counts(1, 0, 0, 0, 0, 0));
		assertThat(this.board.outcomes(this.alert.id().toString(), "sent", 10)).singleElement()
			.satisfies((outcome) -> assertThat(outcome.subscriber()).isEqualTo(this.first.toString()));
	}

	@Test
	void failuresAndDeadLettersMakeAFinishedFanOutPartialAndARedriveCanStillDeliver() {
		this.board.apply(published());
		this.board.apply(new AudienceResolved(EventId.random(), 1, POSTED.plusSeconds(1), this.version, 2, 1));
		this.board.apply(recorded(this.first, DeliveryStatus.FAILED, 1, 2));
		this.board.apply(recorded(this.second, DeliveryStatus.DEAD_LETTERED, 3, 3));

		assertThat(onlyRow().state()).isEqualTo(FanOutState.PARTIAL);

		this.board.apply(recorded(this.second, DeliveryStatus.SENT, 1, 80));

		assertThat(onlyRow().counts()).isEqualTo(new Counts(1, 0, 1, 0, 0, 0));
		assertThat(onlyRow().state()).isEqualTo(FanOutState.PARTIAL);
		assertThat(this.board.outcomes(this.alert.id().toString(), "dead-lettered", 10)).isEmpty();
	}

	@Test
	void operatorsPauseResumeAndCancelShowOnTheRow() {
		this.board.apply(published());
		this.board.apply(control(ControlAction.PAUSED));
		assertThat(onlyRow().state()).isEqualTo(FanOutState.PAUSED);

		this.board.apply(control(ControlAction.RESUMED));
		assertThat(onlyRow().state()).isEqualTo(FanOutState.SCHEDULED);

		this.board.apply(control(ControlAction.CANCELLED));
		assertThat(onlyRow().state()).isEqualTo(FanOutState.CANCELLED);
		assertThat(onlyRow().controllable()).isFalse();
	}

	@Test
	void aCancelledAlertShowsItsCancellationAsTheLatestVersion() {
		this.board.apply(published());
		AlertSnapshot v2 = new AlertSnapshot(this.alert.id(), 2, this.alert.kind(), this.alert.organisation(),
				this.alert.campaign(), "KZ", List.of(), "en", this.alert.content(), List.of(), POSTED, null, null);
		this.board.apply(new AlertCancelled(EventId.random(), 1, POSTED.plusSeconds(30), v2, Map.of("en", "Freed")));

		FanOutRow row = onlyRow();
		assertThat(row.state()).isEqualTo(FanOutState.CANCELLED);
		assertThat(row.version()).isEqualTo(2);
		assertThat(row.type()).isEqualTo("cancelled");
		assertThat(this.board.versions(this.alert.id().toString())).hasValueSatisfying(
				(versions) -> assertThat(versions).extracting(FanOutRow::version).containsExactly(1, 2));
	}

	@Test
	void eMailsSentAndFailedAreCountedPerMinute() {
		this.board.apply(published());
		this.board.apply(recorded(this.first, DeliveryStatus.SENT, 1, 2));
		this.board.apply(recorded(this.second, DeliveryStatus.FAILED, 1, 3));
		this.board.apply(recorded(this.third, DeliveryStatus.SENT, 1, 61));

		List<FanOutBoard.Minute> minutes = this.board.throughput(3);

		assertThat(minutes).extracting(FanOutBoard.Minute::minute)
			.containsExactly(POSTED.minusSeconds(60), POSTED, POSTED.plusSeconds(60));
		assertThat(minutes).extracting(FanOutBoard.Minute::sent).containsExactly(0L, 1L, 1L);
		assertThat(minutes).extracting(FanOutBoard.Minute::failed).containsExactly(0L, 1L, 0L);
	}

	@Test
	void bouncesAndComplaintsCountOnTheFanOutTheyNameAndComplaintsAgainstSentGiveTheRate() {
		this.board.apply(published());
		this.board.apply(recorded(this.first, DeliveryStatus.SENT, 1, 2));
		this.board.apply(recorded(this.second, DeliveryStatus.SENT, 1, 3));
		this.board.apply(recorded(this.third, DeliveryStatus.SENT, 1, 4));
		this.board.apply(feedback(this.first, this.version, MailEvent.Feedback.HARD_BOUNCE));
		this.board.apply(feedback(this.second, this.version, MailEvent.Feedback.SOFT_BOUNCE));
		MailEvent.FeedbackReceived complaint = feedback(this.third, this.version, MailEvent.Feedback.COMPLAINT);
		this.board.apply(complaint);
		this.board.apply(complaint);
		this.board.apply(feedback(this.third, null, MailEvent.Feedback.COMPLAINT));

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
		this.board.apply(serviceMail(this.first, DeliveryStatus.SENT, 1, "SMTP 250", 60));
		this.board.apply(serviceMail(this.second, DeliveryStatus.DEFERRED, 1, "SMTP 451", 50));
		MailEvent.ServiceMailRecorded givenUp = serviceMail(this.second, DeliveryStatus.DEAD_LETTERED, 3,
				"gave up after 3 attempts: SMTP 452", 40);
		this.board.apply(givenUp);
		this.board.apply(givenUp);
		this.board.apply(serviceMail(this.third, DeliveryStatus.SENT, 1, "SMTP 250", 2 * 86_400));

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

	private FanOutControlled control(ControlAction action) {
		return new FanOutControlled(EventId.random(), ContractEvent.SCHEMA_VERSION, POSTED.plusSeconds(5), this.version,
				action, "ada");
	}

}
