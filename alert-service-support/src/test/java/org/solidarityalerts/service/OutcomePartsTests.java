package org.solidarityalerts.service;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.AudienceResolved;
import org.solidarityalerts.contract.DeliveryEvent.DeliveriesRecorded;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.SubscriberId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A poll's records go to the read models in parts of a bounded number of outcomes, in
 * order, none lost, no record split.
 */
class OutcomePartsTests {

	private final AlertVersion version = new AlertVersion(AlertId.random(), 1);

	@Test
	void partsHoldAtMostTheLimitInOrderAndARecordLargerThanItIsAPartOfItsOwn() {
		ContractEvent audience = new AudienceResolved(EventId.random(), 2, Instant.now(), this.version, 10, 1);
		List<ContractEvent> records = List.of(batch(400), batch(500), audience, batch(100), batch(1_200), batch(3),
				audience);

		List<List<ContractEvent>> parts = OutcomeParts.of(records, Function.identity(), 1_000);

		assertThat(parts).extracting((part) -> part.stream().mapToInt(OutcomeParts::outcomesIn).sum())
			.containsExactly(901, 100, 1_200, 4);
		assertThat(parts.stream().flatMap(List::stream).toList()).isEqualTo(records);
		assertThat(OutcomeParts.of(Collections.<ContractEvent>emptyList(), Function.identity(), 1_000))
			.containsExactly(List.of());
	}

	private DeliveriesRecorded batch(int size) {
		return new DeliveriesRecorded(EventId.random(), 2, Instant.now(), this.version, 1, Collections.nCopies(size,
				new DeliveriesRecorded.Outcome(SubscriberId.random(), DeliveryStatus.SENT, null)));
	}

}
