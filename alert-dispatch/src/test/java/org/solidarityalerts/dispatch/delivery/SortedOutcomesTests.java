package org.solidarityalerts.dispatch.delivery;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.delivery.DeliveryLedger.Outcome;
import org.solidarityalerts.dispatch.mail.SendOutcome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch's outcomes sorted by what follows from them, and what the SMTP server's answers
 * become.
 */
class SortedOutcomesTests {

	private static final Set<String> HARD_BOUNCES = DeliveryService.HARD_BOUNCES;

	private static SubscriberId subscriber() {
		return new SubscriberId(UUID.randomUUID());
	}

	@Test
	void deferredHardBouncedAndInDoubtDeliveriesAreSortedApartInTheirOrder() {
		Outcome sent = new Outcome(subscriber(), OutcomeStatus.SENT, "SMTP 250");
		Outcome deferred = new Outcome(subscriber(), OutcomeStatus.DEFERRED, "SMTP 451");
		Outcome bounced = new Outcome(subscriber(), OutcomeStatus.FAILED, "SMTP 550");
		Outcome refused = new Outcome(subscriber(), OutcomeStatus.FAILED, "SMTP 554");
		Outcome inDoubt = new Outcome(subscriber(), OutcomeStatus.IN_DOUBT, "connection lost");
		Outcome alsoDeferred = new Outcome(subscriber(), OutcomeStatus.DEFERRED, "connection failed");
		Outcome alsoBounced = new Outcome(subscriber(), OutcomeStatus.FAILED, "SMTP 553");

		SortedOutcomes sorted = SortedOutcomes
			.of(List.of(sent, deferred, bounced, refused, inDoubt, alsoDeferred, alsoBounced), HARD_BOUNCES);

		assertThat(sorted.deferred()).containsExactly(deferred.subscriber(), alsoDeferred.subscriber());
		assertThat(sorted.hardBounces()).containsExactly(bounced, alsoBounced);
		assertThat(sorted.inDoubt()).containsExactly(inDoubt.subscriber());
	}

	@Test
	void aDeadLetterWhoseDetailSpeaksOfDoubtIsNotInDoubtUnlessItsStatusSaysSo() {
		Outcome ranOut = new Outcome(subscriber(), OutcomeStatus.DEAD_LETTERED, "in doubt? no: retries ran out");

		assertThat(SortedOutcomes.of(List.of(ranOut), HARD_BOUNCES).inDoubt()).isEmpty();
	}

	@Test
	void skippedSuppressedAndSentDeliveriesAskForNothingMore() {
		SortedOutcomes sorted = SortedOutcomes.of(List.of(new Outcome(subscriber(), OutcomeStatus.SKIPPED, "expired"),
				new Outcome(subscriber(), OutcomeStatus.SUPPRESSED, "subscriber is suppressed"),
				new Outcome(subscriber(), OutcomeStatus.SENT, "SMTP 250")), HARD_BOUNCES);

		assertThat(sorted).isEqualTo(new SortedOutcomes(List.of(), List.of(), List.of()));
	}

	@Test
	void noOutcomesSortIntoNothing() {
		assertThat(SortedOutcomes.of(List.of(), HARD_BOUNCES))
			.isEqualTo(new SortedOutcomes(List.of(), List.of(), List.of()));
	}

	@Test
	void aMessageTheSmtpServerMayHaveIsInDoubtAndDeadLetteredOnTheWire() {
		SendOutcome lost = new SendOutcome(subscriber(), DeliveryStatus.DEAD_LETTERED, 0, "after DATA");

		assertThat(OutcomeStatus.of(lost)).isEqualTo(OutcomeStatus.IN_DOUBT);
		assertThat(OutcomeStatus.IN_DOUBT.wire()).isEqualTo(DeliveryStatus.DEAD_LETTERED);
	}

	@Test
	void everyOtherAnswerKeepsItsStatus() {
		for (DeliveryStatus status : List.of(DeliveryStatus.SENT, DeliveryStatus.DEFERRED, DeliveryStatus.FAILED,
				DeliveryStatus.SUPPRESSED, DeliveryStatus.SKIPPED)) {
			OutcomeStatus outcome = OutcomeStatus.of(new SendOutcome(subscriber(), status, 0, "detail"));
			assertThat(outcome.name()).isEqualTo(status.name());
			assertThat(outcome.wire()).isEqualTo(status);
		}
		assertThat(OutcomeStatus.DEAD_LETTERED.wire()).isEqualTo(DeliveryStatus.DEAD_LETTERED);
	}

}
