package org.solidarityalerts.contract;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

/**
 * The Kafka serialiser and deserialiser of the contract's events, in the
 * {@link WireFormat}: the type id is in the JSON ({@code type}), never a Java class name
 * in a header, so every service reads what every other writes. A consumer wraps the
 * deserialiser in its error handling, so that a record it cannot read is dead-lettered,
 * not retried forever.
 */
public final class ContractSerdes {

	private ContractSerdes() {
	}

	/**
	 * Writes events as the contract's JSON.
	 * @return a serialiser
	 */
	public static Serializer<ContractEvent> serializer() {
		return (topic, event) -> (event != null) ? WireFormat.jsonMapper().writeValueAsBytes(event) : null;
	}

	/**
	 * Reads events from the contract's JSON, by the type id each carries.
	 * @return a deserialiser
	 */
	public static Deserializer<ContractEvent> deserializer() {
		return ContractSerdes::read;
	}

	private static @Nullable ContractEvent read(String topic, byte @Nullable [] data) {
		if (data == null) {
			return null;
		}
		try {
			return WireFormat.jsonMapper().readerFor(ContractEvent.class).readValue(data);
		}
		catch (JacksonException ex) {
			throw new SerializationException("Can't deserialize data from topic [" + topic + "]", ex);
		}
	}

}
