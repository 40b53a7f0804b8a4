package org.solidarityalerts.service;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the read models' error handler tries a failed record again: for as long as an
 * outage of MongoDB may last, less and less often, and a record that cannot be applied
 * only a few times.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReadModelErrorsTests {

	@Test
	void whileMongoDbIsAwayARecordIsTriedAgainLessAndLessOftenForFifteenMinutes() {
		BackOff backOff = ReadModelErrors.backOff(new ListenerExecutionFailedException("Listener failed",
				new DataAccessResourceFailureException("down")));

		assertThat(backOff).isNotNull();
		BackOffExecution execution = backOff.start();
		assertThat(execution.nextBackOff()).isEqualTo(500);
		assertThat(execution.nextBackOff()).isEqualTo(1000);
		long waited = 1500;
		long longest = 0;
		for (long next = execution.nextBackOff(); next != BackOffExecution.STOP; next = execution.nextBackOff()) {
			waited += next;
			longest = Math.max(longest, next);
		}
		assertThat(longest).isEqualTo(Duration.ofSeconds(30).toMillis());
		assertThat(Duration.ofMillis(waited)).isGreaterThanOrEqualTo(ReadModelErrors.WHILE_MONGODB_IS_AWAY);
	}

	@Test
	void aRecordThatCannotBeAppliedIsLeftToTheHandlersFewQuickTries() {
		assertThat(ReadModelErrors
			.backOff(new ListenerExecutionFailedException("Listener failed", new DuplicateKeyException("twice"))))
			.isNull();
	}

	@Test
	void aSkippedRecordIsOneLineNamingItAndTheFailuresClassesNeverItsMessages(CapturedOutput output) {
		ConsumerRecord<Object, Object> record = new ConsumerRecord<>("action.reports", 1, 42L, "key", null);
		ReadModelErrors.skipping("ingest")
			.accept(record, new ListenerExecutionFailedException("Listener failed",
					new IllegalArgumentException("Unrecognized token 'dana.k@example.org': was expecting JSON")));
		assertThat(output.getOut())
			.contains("Skipped record action.reports-1@42 that ingest cannot use: "
					+ "org.springframework.kafka.listener.ListenerExecutionFailedException, "
					+ "caused by java.lang.IllegalArgumentException")
			.doesNotContain("dana.k@example.org")
			.doesNotContain("\tat ");
	}

}
