package org.solidarityalerts.dispatch.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.delivery.DeliveryLedger.Claim;
import org.solidarityalerts.dispatch.delivery.DeliveryLedger.Outcome;
import org.solidarityalerts.dispatch.mail.SmtpSender;
import org.solidarityalerts.testsupport.TestClock;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a batch read again finds in the ledger (after a crash, or after Kafka refused what
 * the first reading published): the outcomes it already has, to publish again, and the
 * dead letters not known to be written, with the reason each gives, whichever way the
 * delivery was dead-lettered. Against the MongoDB wire server.
 */
class DeliveryLedgerTests {

	private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(30);

	private static final String RETRIES_RAN_OUT = "retries ran out after 3 attempts";

	private final AlertVersion version = new AlertVersion(AlertId.random(), 1);

	private final TestClock clock = new TestClock();

	private MongoServer server;

	private MongoClient client;

	private MongoTemplate mongo;

	private DeliveryLedger ledger;

	@BeforeEach
	void start() {
		this.server = new MongoServer(new MemoryBackend());
		this.server.bind("127.0.0.1", 0);
		this.client = MongoClients.create(this.server.getConnectionString());
		this.mongo = new MongoTemplate(this.client, "dispatch");
		this.ledger = new DeliveryLedger(this.mongo, this.clock);
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void aMessageInDoubtIsDeadLetteredAgainWhenItsBatchIsReadAgainUntilItsDeadLetterIsWritten() {
		SubscriberId doubtful = SubscriberId.random();
		SubscriberId sent = SubscriberId.random();
		Claim claim = claim(doubtful, sent);
		assertThat(claim.owned()).containsExactly(doubtful, sent);
		this.ledger.advance(this.version, List.of(), List.of(doubtful), claim);
		Outcome inDoubt = new Outcome(doubtful, OutcomeStatus.IN_DOUBT, SmtpSender.IN_DOUBT + " (reset after DATA)");
		this.ledger.advance(this.version, List.of(inDoubt), List.of(sent), claim);
		this.ledger.advance(this.version, List.of(new Outcome(sent, OutcomeStatus.SENT, "SMTP 250")), List.of(), claim);

		Claim again = claim(doubtful, sent);
		assertThat(again.owned()).isEmpty();
		assertThat(again.inDoubt()).isEmpty();
		assertThat(again.unparked()).isEqualTo(Map.of(SmtpSender.IN_DOUBT, List.of(doubtful)));
		assertThat(again.recorded()).containsExactlyInAnyOrder(
				new Outcome(doubtful, OutcomeStatus.DEAD_LETTERED, inDoubt.detail()),
				new Outcome(sent, OutcomeStatus.SENT, "SMTP 250"));

		this.ledger.parked(this.version, List.of(doubtful));
		Claim once = claim(doubtful, sent);
		assertThat(once.unparked()).isEmpty();
		assertThat(once.owned()).isEmpty();
		assertThat(once.recorded()).hasSize(2);
	}

	@Test
	void retriesThatRanOutAreDeadLetteredAgainWithTheirReasonAndAReDriveClearsIt() {
		SubscriberId unlucky = SubscriberId.random();
		claim(unlucky);
		this.ledger.record(this.version,
				List.of(new Outcome(unlucky, OutcomeStatus.DEAD_LETTERED, "deferred 3 times; retries ran out")),
				RETRIES_RAN_OUT);

		Claim again = claim(unlucky);
		assertThat(again.unparked()).isEqualTo(Map.of(RETRIES_RAN_OUT, List.of(unlucky)));
		assertThat(again.recorded())
			.containsExactly(new Outcome(unlucky, OutcomeStatus.DEAD_LETTERED, "deferred 3 times; retries ran out"));

		Claim redriven = this.ledger.claim(this.version, List.of(unlucky), true, CLAIM_TIMEOUT);
		assertThat(redriven.owned()).containsExactly(unlucky);
		assertThat(redriven.unparked()).isEmpty();
		assertThat(delivery(unlucky)).doesNotContainKey(DeliveryLedger.PARKING)
			.containsEntry("status", DeliveryLedger.CLAIMED);
	}

	@Test
	void aMessageAStoppedInstanceWasSendingIsSetAsideOnceAndItsDeadLetterWrittenAgainIfNeeded() {
		SubscriberId stranded = SubscriberId.random();
		Claim stopped = claim(stranded);
		this.ledger.advance(this.version, List.of(), List.of(stranded), stopped);
		this.clock.advance(CLAIM_TIMEOUT.plusSeconds(1));

		Claim takeOver = claim(stranded);
		assertThat(takeOver.inDoubt()).containsExactly(stranded);
		assertThat(takeOver.unparked()).isEmpty();
		assertThat(delivery(stranded)).containsEntry(DeliveryLedger.PARKING, DeliveryLedger.SET_ASIDE_REASON);

		// Its dead letter was not written: read again, the batch writes it, and does not
		// count it as newly set aside.
		Claim again = claim(stranded);
		assertThat(again.inDoubt()).isEmpty();
		assertThat(again.unparked()).isEqualTo(Map.of(DeliveryLedger.SET_ASIDE_REASON, List.of(stranded)));
		assertThat(again.recorded())
			.containsExactly(new Outcome(stranded, OutcomeStatus.DEAD_LETTERED, DeliveryLedger.IN_DOUBT));
	}

	@Test
	void aSlowBatchRenewsItsClaimSoThatACopyOfTheBatchWaitsInsteadOfTakingItsRecipientsOver() {
		SubscriberId first = SubscriberId.random();
		SubscriberId second = SubscriberId.random();
		SubscriberId third = SubscriberId.random();
		Claim claim = claim(first, second, third);
		this.ledger.advance(this.version, List.of(), List.of(first), claim);
		assertThat(this.ledger.renewed(this.version, claim, List.of(first, second, third))).isSameAs(claim);

		this.clock.advance(CLAIM_TIMEOUT.dividedBy(3));
		Claim renewed = this.ledger.renewed(this.version, claim, List.of(first, second, third));
		Instant renewal = renewed.term().since();
		assertThat(renewal).isAfterOrEqualTo(claim.term().since().plus(CLAIM_TIMEOUT.dividedBy(3)));
		assertThat(renewed.exclusiveUntil()).isEqualTo(renewal.plus(CLAIM_TIMEOUT.dividedBy(2)));
		assertThat(renewed.term().renewAt()).isEqualTo(renewal.plus(CLAIM_TIMEOUT.dividedBy(3)));
		assertThat(List.of(first, second, third))
			.allSatisfy((subscriber) -> assertThat(delivery(subscriber)).containsEntry("claimedAt", Date.from(renewal))
				.containsEntry("claim", claim.token()));
		assertThat(delivery(first)).containsEntry("status", DeliveryLedger.SENDING);

		// Past the first claim's timeout, not the renewal's: a copy of the batch waits
		// for
		// all three, and sets nothing aside.
		this.clock.advance(CLAIM_TIMEOUT.minusSeconds(1));
		Claim copy = claim(first, second, third);
		assertThat(copy.owned()).isEmpty();
		assertThat(copy.inDoubt()).isEmpty();
		assertThat(copy.busy()).containsExactlyInAnyOrder(first, second, third);

		// The batch itself carries on with all of them (on compare-and-set: its exclusive
		// half is over).
		assertThat(this.ledger.advance(this.version, List.of(new Outcome(first, OutcomeStatus.SENT, "SMTP 250")),
				List.of(second), renewed))
			.containsExactly(second);
		assertThat(delivery(first)).containsEntry("status", "sent");
	}

	@Test
	void aClaimAlreadyTakenOverIsRenewedOnlyWhereItStillHoldsAndStopsBeingExclusive() {
		SubscriberId first = SubscriberId.random();
		SubscriberId second = SubscriberId.random();
		Claim claim = claim(first, second);
		this.ledger.advance(this.version, List.of(), List.of(first), claim);
		// The instance stalled past its claim's timeout: a copy took the unsent one over.
		this.clock.advance(CLAIM_TIMEOUT.plusSeconds(1));
		Claim copy = claim(first, second);
		assertThat(copy.owned()).containsExactly(second);
		assertThat(copy.inDoubt()).containsExactly(first);

		Claim renewed = this.ledger.renewed(this.version, claim, List.of(second));
		assertThat(renewed.exclusiveUntil()).isEqualTo(claim.exclusiveUntil());
		assertThat(delivery(second)).containsEntry("claim", copy.token());
		assertThat(this.ledger.advance(this.version, List.of(), List.of(second), renewed)).isEmpty();
		assertThat(delivery(second)).containsEntry("status", DeliveryLedger.CLAIMED);
	}

	private Claim claim(SubscriberId... subscribers) {
		return this.ledger.claim(this.version, List.of(subscribers), false, CLAIM_TIMEOUT);
	}

	private Document delivery(SubscriberId subscriber) {
		return this.mongo.findById(DeliveryLedger.key(this.version, subscriber), Document.class,
				DeliveryLedger.COLLECTION);
	}

}
