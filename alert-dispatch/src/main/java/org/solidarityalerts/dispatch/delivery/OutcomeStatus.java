package org.solidarityalerts.dispatch.delivery;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dispatch.mail.SendOutcome;

/**
 * A delivery's outcome as dispatch tells them apart: the statuses of the wire contract,
 * with a message in doubt told apart from the other dead letters, so that nothing has to
 * recognise it by the words of its detail. On the wire and in the ledger, in doubt is
 * dead-lettered.
 */
enum OutcomeStatus {

	/** The receiving server accepted the message. */
	SENT(DeliveryStatus.SENT),

	/** The server said "later", or the connection broke before it had the message. */
	DEFERRED(DeliveryStatus.DEFERRED),

	/** The server refused it for good. */
	FAILED(DeliveryStatus.FAILED),

	/** Set aside for an operator: retries ran out. */
	DEAD_LETTERED(DeliveryStatus.DEAD_LETTERED),

	/**
	 * Set aside for an operator because the SMTP server may have the message: never
	 * resent on its own.
	 */
	IN_DOUBT(DeliveryStatus.DEAD_LETTERED),

	/** The address is on the suppression list. */
	SUPPRESSED(DeliveryStatus.SUPPRESSED),

	/** Not sent by design. */
	SKIPPED(DeliveryStatus.SKIPPED);

	private final DeliveryStatus wire;

	OutcomeStatus(DeliveryStatus wire) {
		this.wire = wire;
	}

	/**
	 * The status on the wire and in the ledger.
	 * @return the contract's status
	 */
	DeliveryStatus wire() {
		return this.wire;
	}

	/**
	 * The outcome a ledger entry records, as dispatch reads it back: a message in doubt
	 * is dead-lettered there, like any other dead letter.
	 * @param status the entry's status, by its wire name
	 * @return its outcome, or null if the entry has none yet ({@code claimed},
	 * {@code sending}) or no status
	 */
	static @Nullable OutcomeStatus ofLedger(@Nullable String status) {
		for (OutcomeStatus outcome : values()) {
			if (outcome != IN_DOUBT && WireFormat.name(outcome.wire).equals(status)) {
				return outcome;
			}
		}
		return null;
	}

	/**
	 * The status of what the SMTP server said.
	 * @param sent the outcome of a send
	 * @return its status
	 */
	static OutcomeStatus of(SendOutcome sent) {
		if (sent.inDoubt()) {
			return IN_DOUBT;
		}
		return switch (sent.status()) {
			case SENT -> SENT;
			case DEFERRED -> DEFERRED;
			case FAILED -> FAILED;
			case DEAD_LETTERED -> DEAD_LETTERED;
			case SUPPRESSED -> SUPPRESSED;
			case SKIPPED -> SKIPPED;
		};
	}

}
