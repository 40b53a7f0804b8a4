package org.solidarityalerts.contract;

import java.nio.charset.StandardCharsets;

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
	void aTombstoneStaysNullAndBytesThatAreNoEventFail() {
		assertThat(ContractSerdes.serializer().serialize("alerts.urgent", null)).isNull();
		assertThat(ContractSerdes.deserializer().deserialize("alerts.urgent", null)).isNull();
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> ContractSerdes.deserializer()
			.deserialize("alerts.urgent", "{\"type\":\"nonsense\"}".getBytes(StandardCharsets.UTF_8)));
	}

}
