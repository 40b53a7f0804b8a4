package org.solidarityalerts.dispatch.delivery;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.solidarityalerts.dispatch.delivery.ClaimDecision.Entry;
import org.solidarityalerts.dispatch.delivery.ClaimDecision.Kind;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a claim does with a delivery the ledger already has, for every state it can be in.
 */
class ClaimDecisionTests {

	private static final Instant NOW = Instant.parse("2026-11-26T06:00:00Z");

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Instant FRESH = NOW.minusSeconds(10);

	private static final Instant STALE = NOW.minusSeconds(31);

	private static final String MINE = "my-claim";

	private static final String THEIRS = "their-claim";

	private static ClaimDecision decide(String status, Instant claimedAt, String claim, boolean redrive) {
		return ClaimDecision.of(new Entry(status, claimedAt, claim, null), MINE, redrive, NOW, TIMEOUT);
	}

	private static ClaimDecision parking(String claim, boolean redrive) {
		return ClaimDecision.of(new Entry("dead-lettered", STALE, claim, "retries ran out after 3 attempts"), MINE,
				redrive, NOW, TIMEOUT);
	}

	@Test
	void aDeferredDeliveryIsTakenOverWhoeverClaimedItLast() {
		assertThat(decide("deferred", FRESH, THEIRS, false)).isEqualTo(new ClaimDecision(Kind.TAKE_OVER, null));
		assertThat(decide("deferred", null, null, false).kind()).isEqualTo(Kind.TAKE_OVER);
	}

	@Test
	void aClaimThatTimedOutIsTakenOverFromTheInstanceThatStopped() {
		assertThat(decide("claimed", STALE, THEIRS, false).kind()).isEqualTo(Kind.TAKE_OVER);
	}

	@Test
	void aClaimWithoutAClaimTimeIsTakenToHaveTimedOut() {
		assertThat(decide("claimed", null, THEIRS, false).kind()).isEqualTo(Kind.TAKE_OVER);
	}

	@Test
	void aTimedOutClaimUnderTheCallersOwnTokenIsNotTakenOverAgainButWaitedFor() {
		assertThat(decide("claimed", STALE, MINE, false)).isEqualTo(new ClaimDecision(Kind.WAIT, STALE.plus(TIMEOUT)));
	}

	@Test
	void aFreshClaimOfAnotherInstanceIsWaitedForUntilItTimesOut() {
		assertThat(decide("claimed", FRESH, THEIRS, false))
			.isEqualTo(new ClaimDecision(Kind.WAIT, FRESH.plus(TIMEOUT)));
	}

	@Test
	void aClaimExactlyAsOldAsTheTimeoutIsStillWaitedFor() {
		Instant edge = NOW.minus(TIMEOUT);
		assertThat(decide("claimed", edge, THEIRS, false)).isEqualTo(new ClaimDecision(Kind.WAIT, NOW));
	}

	@Test
	void aMessageBeingSentIsWaitedForWhileItsClaimIsFresh() {
		assertThat(decide("sending", FRESH, THEIRS, false))
			.isEqualTo(new ClaimDecision(Kind.WAIT, FRESH.plus(TIMEOUT)));
	}

	@Test
	void aMessageBeingSentByAnInstanceThatStoppedIsSetAsideAsInDoubt() {
		assertThat(decide("sending", STALE, THEIRS, false)).isEqualTo(new ClaimDecision(Kind.SET_ASIDE, null));
		assertThat(decide("sending", STALE, MINE, false).kind()).isEqualTo(Kind.SET_ASIDE);
		assertThat(decide("sending", null, THEIRS, true).kind()).isEqualTo(Kind.SET_ASIDE);
	}

	@Test
	void aDeadLetteredDeliveryIsTakenOverOnlyWhenAnOperatorReDrivesIt() {
		assertThat(decide("dead-lettered", STALE, THEIRS, true).kind()).isEqualTo(Kind.TAKE_OVER);
		assertThat(decide("dead-lettered", STALE, THEIRS, false)).isEqualTo(new ClaimDecision(Kind.LEAVE, null));
	}

	@Test
	void aDeadLetterWhoseRecordWasNeverWrittenIsWrittenAgainWhoeverDeadLetteredIt() {
		assertThat(parking(THEIRS, false)).isEqualTo(new ClaimDecision(Kind.PARK, null));
		assertThat(parking(MINE, false).kind()).isEqualTo(Kind.PARK);
	}

	@Test
	void aDeadLetterWhoseRecordWasNeverWrittenIsTakenOverWhenAnOperatorReDrivesIt() {
		assertThat(parking(THEIRS, true).kind()).isEqualTo(Kind.TAKE_OVER);
	}

	@Test
	void aDeliveryWithItsOutcomeIsLeftAloneEvenWhenReDriven() {
		for (String outcome : new String[] { "sent", "failed", "skipped", "suppressed" }) {
			assertThat(decide(outcome, STALE, THEIRS, true).kind()).as(outcome).isEqualTo(Kind.LEAVE);
			assertThat(decide(outcome, FRESH, THEIRS, false).kind()).as(outcome).isEqualTo(Kind.LEAVE);
		}
	}

	@Test
	void anEntryWithoutAStatusIsLeftAlone() {
		assertThat(decide(null, null, null, true).kind()).isEqualTo(Kind.LEAVE);
	}

}
