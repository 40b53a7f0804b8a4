package org.solidarityalerts.ingest.publishing;

import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failures of a publish hold the relay on the alert (Kafka cannot take anything
 * yet: the alert is tried again first, and nothing behind it goes ahead) and which are a
 * refusal of the alert's events alone (only that alert waits). The producer closed under
 * a send is the former: counted as a refusal, it let appeals overtake an urgent action in
 * the Kafka outage test.
 */
class OutboxRelayFailuresTests {

	@Test
	void aProducerClosedUnderTheSendHoldsTheRelayOnTheAlert() {
		for (Exception closed : new Exception[] { new KafkaException("Producer closed while send in progress"),
				new KafkaException("Producer is closed forcefully."),
				new IllegalStateException("Cannot perform operation after producer has been closed") }) {
			assertThat(OutboxRelay.kafkaCannotTakeItYet(
					new ExecutionException(new org.springframework.kafka.KafkaException("Send failed", closed))))
				.as(closed.getMessage())
				.isTrue();
		}
	}

	@Test
	void kafkaAwayHoldsTheRelayToo() {
		assertThat(
				OutboxRelay.kafkaCannotTakeItYet(new ExecutionException(new UnknownTopicOrPartitionException("gone"))))
			.isTrue();
	}

	@Test
	void aRefusalOfTheEventsThemselvesDoesNot() {
		assertThat(OutboxRelay.kafkaCannotTakeItYet(new ExecutionException(new RecordTooLargeException("too large"))))
			.isFalse();
		assertThat(OutboxRelay.kafkaCannotTakeItYet(new SerializationException("cannot write it"))).isFalse();
		assertThat(OutboxRelay.kafkaCannotTakeItYet(new KafkaException("Unexpected error code 87"))).isFalse();
		assertThat(OutboxRelay.kafkaCannotTakeItYet(new IllegalStateException("a bug"))).isFalse();
	}

}
