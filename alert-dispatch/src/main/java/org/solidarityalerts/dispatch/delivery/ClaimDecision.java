package org.solidarityalerts.dispatch.delivery;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.WireFormat;

/**
 * What a claim does with a delivery the ledger already has, decided from the entry's
 * state alone, so that the ledger only writes what was decided: take it over (deferred,
 * claimed by an instance that stopped, or dead-lettered and re-driven by an operator),
 * set it aside as in doubt (a stopped instance had handed it to the SMTP server), write
 * its dead letter again (it was dead-lettered, but its record for an operator was never
 * known to be written), wait for its current owner, or leave it (it has its outcome).
 *
 * @param kind what to do
 * @param busyUntil for {@link Kind#WAIT}, when the owner's claim may be taken over
 */
record ClaimDecision(Kind kind, @Nullable Instant busyUntil) {

	private static final ClaimDecision TAKE_OVER = new ClaimDecision(Kind.TAKE_OVER, null);

	private static final ClaimDecision SET_ASIDE = new ClaimDecision(Kind.SET_ASIDE, null);

	private static final ClaimDecision PARK = new ClaimDecision(Kind.PARK, null);

	private static final ClaimDecision LEAVE = new ClaimDecision(Kind.LEAVE, null);

	/**
	 * Decides what a claim does with a delivery the ledger has.
	 * @param entry the delivery's state as read
	 * @param token the token of the claim being made
	 * @param redrive whether an operator re-drove the batch
	 * @param now the current time
	 * @param claimTimeout after this, a claim (or a send) of an instance is taken to have
	 * stopped
	 * @return the decision
	 */
	static ClaimDecision of(Entry entry, String token, boolean redrive, Instant now, Duration claimTimeout) {
		String status = entry.status();
		boolean stale = entry.claimedAt() == null || entry.claimedAt().plus(claimTimeout).isBefore(now);
		if (WireFormat.name(DeliveryStatus.DEFERRED).equals(status)
				|| (DeliveryLedger.CLAIMED.equals(status) && stale && !token.equals(entry.claim()))
				|| (redrive && WireFormat.name(DeliveryStatus.DEAD_LETTERED).equals(status))) {
			return TAKE_OVER;
		}
		if (DeliveryLedger.SENDING.equals(status) && stale) {
			return SET_ASIDE;
		}
		if (WireFormat.name(DeliveryStatus.DEAD_LETTERED).equals(status) && entry.parking() != null) {
			return PARK;
		}
		if (DeliveryLedger.CLAIMED.equals(status) || DeliveryLedger.SENDING.equals(status)) {
			Instant claimedAt = (entry.claimedAt() != null) ? entry.claimedAt() : now;
			return new ClaimDecision(Kind.WAIT, claimedAt.plus(claimTimeout));
		}
		return LEAVE;
	}

	/**
	 * What a claim does with a delivery.
	 */
	enum Kind {

		/** Claim it for this caller and send it. */
		TAKE_OVER,

		/** Dead-letter it as in doubt, for an operator; never resend it on its own. */
		SET_ASIDE,

		/**
		 * Another instance holds it: look at it again once its claim may be taken over.
		 */
		WAIT,

		/**
		 * Dead-lettered, but the record an operator re-drives from was not written (Kafka
		 * could not take it, or the instance stopped first): write it.
		 */
		PARK,

		/** It has its outcome: nothing to do. */
		LEAVE

	}

	/**
	 * A delivery's state in the ledger, as a claim reads it.
	 *
	 * @param status its status ({@code claimed}, {@code sending}, or an outcome)
	 * @param claimedAt when it was last claimed, if ever
	 * @param claim the token of the claim that holds it, if any
	 * @param parking for a dead-lettered delivery whose record on the dead-letter topic
	 * is not known to be written, the reason that record gives
	 */
	record Entry(@Nullable String status, @Nullable Instant claimedAt, @Nullable String claim,
			@Nullable String parking) {
	}

}
