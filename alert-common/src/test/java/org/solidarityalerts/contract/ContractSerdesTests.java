package org.solidarityalerts.contract;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The contract's serialiser writes what its deserialiser reads, by the type id in the
 * JSON; bytes that are not an event fail as Kafka's serialisation errors, which a
 * consumer's error handling dead-letters.
 */
class ContractSerdesTests {

	@Test
	void anEventRoundTripsWithItsTypeIdInTheJson() {
		ContractEvent event = ExampleEvents.all().getFirst();

		byte[] bytes = ContractSerdes.serializer().serialize("alerts.urgent", event);

		assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"type\":");
		assertThat(ContractSerdes.deserializer().deserialize("alerts.urgent", bytes)).isEqualTo(event);
	}

	@Test
	void aBatchOfOutcomesReadAgainGivesEachDeliveryTheSameIdsAsBefore() {
		DeliveryEvent.DeliveriesRecorded batch = ExampleEvents.all()
			.stream()
			.filter(DeliveryEvent.DeliveriesRecorded.class::isInstance)
			.map(DeliveryEvent.DeliveriesRecorded.class::cast)
			.findFirst()
			.orElseThrow();

		ContractEvent read = ContractSerdes.deserializer()
			.deserialize("delivery.outcomes", ContractSerdes.serializer().serialize("delivery.outcomes", batch));

		List<DeliveryEvent.DeliveryRecorded> each = ((DeliveryEvent.DeliveriesRecorded) read).each();
		assertThat(each).hasSize(2).isEqualTo(batch.each());
		assertThat(each).extracting(DeliveryEvent.DeliveryRecorded::eventId)
			.doesNotHaveDuplicates()
			.doesNotContain(batch.eventId());
		assertThat(each.get(1).subscriber()).isEqualTo(batch.deliveries().get(1).subscriber());
		assertThat(each.get(1).status()).isEqualTo(DeliveryStatus.DEFERRED);
		assertThat(each.get(1).detail()).isEqualTo("SMTP 451");
		assertThat(each).allSatisfy((one) -> {
			assertThat(one.alertVersion()).isEqualTo(batch.alertVersion());
			assertThat(one.attempt()).isEqualTo(batch.attempt());
			assertThat(one.occurredAt()).isEqualTo(batch.occurredAt());
		});
		assertThat(batch.eventId().part(0)).isNotEqualTo(EventId.random().part(0));
	}

	@Test
	void recipientsSetAsideAgainForTheSameReasonGetTheSameDeadLetterId() {
		DeliveryEvent.DeliveryBatchRequested batch = ExampleEvents.all()
			.stream()
			.filter(DeliveryEvent.DeliveryBatchRequested.class::isInstance)
			.map(DeliveryEvent.DeliveryBatchRequested.class::cast)
			.findFirst()
			.orElseThrow();
		SubscriberId one = new SubscriberId(java.util.UUID.randomUUID());
		SubscriberId two = new SubscriberId(java.util.UUID.randomUUID());
		java.time.Instant at = java.time.Instant.parse("2026-11-05T09:00:00Z");

		DeliveryEvent.DeliveryBatchRequested parked = batch.parked(List.of(one, two), at, "in doubt");
		DeliveryEvent.DeliveryBatchRequested again = batch.parked(List.of(two, one), at.plusSeconds(90), "in doubt");

		assertThat(again.eventId()).isEqualTo(parked.eventId()).isNotEqualTo(batch.eventId());
		assertThat(parked.subscribers()).containsExactly(one, two);
		assertThat(parked.attempt()).isEqualTo(batch.attempt());
		assertThat(parked.redrive()).isFalse();
		assertThat(parked.notBefore()).isEqualTo(at);
		assertThat(List.of(batch.parked(List.of(one, two), at, "retries ran out after 3 attempts"),
				batch.parked(List.of(one), at, "in doubt"),
				batch.retry(List.of(one, two), batch.attempt(), at, at).parked(List.of(one, two), at, "in doubt")))
			.extracting(DeliveryEvent.DeliveryBatchRequested::eventId)
			.doesNotContain(parked.eventId())
			.doesNotHaveDuplicates();
	}

	@Test
	void aTombstoneStaysNullAndBytesThatAreNoEventFail() {
		assertThat(ContractSerdes.serializer().serialize("alerts.urgent", null)).isNull();
		assertThat(ContractSerdes.deserializer().deserialize("alerts.urgent", null)).isNull();
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> ContractSerdes.deserializer()
			.deserialize("alerts.urgent", "{\"type\":\"nonsense\"}".getBytes(StandardCharsets.UTF_8)));
	}

}
