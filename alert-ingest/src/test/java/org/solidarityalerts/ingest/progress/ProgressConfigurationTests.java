package org.solidarityalerts.ingest.progress;

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
 * Which failures of ingest's listeners are MongoDB being away (tried again for minutes)
 * rather than a record that cannot be applied (skipped after a few tries), as the error
 * handler receives them: wrapped by the listener container and the batch listener.
 */
class ProgressConfigurationTests {

	@Test
	void mongoDbUnreachableOrTimingOutIsAwayHoweverDeeplyWrapped() {
		assertThat(ProgressConfiguration.mongoAway(asTheHandlerSeesIt(new DataAccessResourceFailureException("down"))))
			.isTrue();
		assertThat(ProgressConfiguration
			.mongoAway(asTheHandlerSeesIt(new MongoSocketReadException("reset", new ServerAddress("127.0.0.1")))))
			.isTrue();
		assertThat(ProgressConfiguration.mongoAway(asTheHandlerSeesIt(new MongoTimeoutException("no server"))))
			.isTrue();
	}

	@Test
	void anythingElseIsNot() {
		assertThat(ProgressConfiguration.mongoAway(asTheHandlerSeesIt(new DuplicateKeyException("twice")))).isFalse();
		assertThat(ProgressConfiguration.mongoAway(asTheHandlerSeesIt(new IllegalStateException("a bug")))).isFalse();
		assertThat(ProgressConfiguration.mongoAway(null)).isFalse();
	}

	private static Exception asTheHandlerSeesIt(RuntimeException failure) {
		return new ListenerExecutionFailedException("Listener failed",
				new BatchListenerFailedException("Progress not applied", failure, 0));
	}

}
