package org.solidarityalerts.service;

import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failures of the services' listeners are MongoDB being away (tried again until it
 * is back) rather than a record that cannot be applied, as an error handler receives
 * them: wrapped by the listener container and a batch listener.
 */
class MongoAwayTests {

	@Test
	void mongoDbUnreachableOrTimingOutIsAwayHoweverDeeplyWrapped() {
		assertThat(MongoAway.in(asTheHandlerSeesIt(new DataAccessResourceFailureException("down")))).isTrue();
		assertThat(
				MongoAway.in(asTheHandlerSeesIt(new MongoSocketReadException("reset", new ServerAddress("127.0.0.1")))))
			.isTrue();
		assertThat(MongoAway.in(asTheHandlerSeesIt(new MongoTimeoutException("no server")))).isTrue();
	}

	@Test
	void anythingElseIsNot() {
		assertThat(MongoAway.in(asTheHandlerSeesIt(new DuplicateKeyException("twice")))).isFalse();
		assertThat(MongoAway.in(asTheHandlerSeesIt(new IllegalStateException("a bug")))).isFalse();
		assertThat(MongoAway.in(null)).isFalse();
	}

	private static Exception asTheHandlerSeesIt(RuntimeException failure) {
		return new ListenerExecutionFailedException("Listener failed",
				new BatchListenerFailedException("Progress not applied", failure, 0));
	}

}
