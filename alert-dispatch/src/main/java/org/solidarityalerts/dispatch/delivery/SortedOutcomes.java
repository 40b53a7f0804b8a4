package org.solidarityalerts.dispatch.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.delivery.DeliveryLedger.Outcome;

/**
 * The outcomes of a batch's claimed deliveries, sorted by what follows from them: the
 * deferred are retried (or given up on), the hard bounces' addresses are suppressed, and
 * those in doubt are dead-lettered for an operator.
 *
 * @param deferred the subscribers whose messages were deferred
 * @param hardBounces the failures whose reply says the mailbox does not exist
 * @param inDoubt the subscribers whose messages the SMTP server may have
 */
record SortedOutcomes(List<SubscriberId> deferred, List<Outcome> hardBounces, List<SubscriberId> inDoubt) {

	/**
	 * Sorts outcomes, keeping their order within each kind.
	 * @param outcomes the outcomes
	 * @param hardBounces the replies that say the mailbox does not exist
	 * @return the sorted outcomes
	 */
	static SortedOutcomes of(List<Outcome> outcomes, Set<String> hardBounces) {
		List<SubscriberId> deferred = new ArrayList<>();
		List<Outcome> bounced = new ArrayList<>();
		List<SubscriberId> inDoubt = new ArrayList<>();
		for (Outcome outcome : outcomes) {
			switch (outcome.status()) {
				case DEFERRED -> deferred.add(outcome.subscriber());
				case FAILED -> {
					if (hardBounces.contains(outcome.detail())) {
						bounced.add(outcome);
					}
				}
				case IN_DOUBT -> inDoubt.add(outcome.subscriber());
				default -> {
				}
			}
		}
		return new SortedOutcomes(List.copyOf(deferred), List.copyOf(bounced), List.copyOf(inDoubt));
	}

}
