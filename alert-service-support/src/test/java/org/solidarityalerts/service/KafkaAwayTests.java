package org.solidarityalerts.service;

import java.util.concurrent.CompletionException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaProducerException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failures of a listener that publishes are Kafka not taking records yet (tried
 * again until it does) rather than records Kafka refuses for themselves, as an error
 * handler receives them: a send's failure, joined, inside the listener container's.
 */
class KafkaAwayTests {

	@Test
	void aSendThatTimedOutOrLackedInSyncReplicasIsAwayHoweverDeeplyWrapped() {
		assertThat(KafkaAway.in(asTheHandlerSeesIt(new TimeoutException("Expiring 1 record(s)")))).isTrue();
		assertThat(KafkaAway.in(asTheHandlerSeesIt(new NotEnoughReplicasException("1 of 2 in sync")))).isTrue();
	}

	@Test
	void aRecordKafkaRefusesForItselfOrAnythingElseIsNot() {
		assertThat(KafkaAway.in(asTheHandlerSeesIt(new RecordTooLargeException("too large")))).isFalse();
		assertThat(KafkaAway.in(asTheHandlerSeesIt(new SerializationException("cannot write")))).isFalse();
		assertThat(KafkaAway.in(new ListenerExecutionFailedException("Listener failed", new IllegalStateException())))
			.isFalse();
		assertThat(KafkaAway.in(null)).isFalse();
	}

	private static Exception asTheHandlerSeesIt(RuntimeException failure) {
		KafkaProducerException send = new KafkaProducerException(new ProducerRecord<>("deliveries.urgent", "key"),
				"Failed to send", failure);
		return new ListenerExecutionFailedException("Listener failed", new CompletionException(send));
	}

}
