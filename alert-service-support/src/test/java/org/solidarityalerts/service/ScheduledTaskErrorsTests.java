package org.solidarityalerts.service;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.mongodb.MongoTimeoutException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.kafka.KafkaException;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code @Scheduled} task failing on the scheduler Spring Boot builds, with platform
 * threads (dispatch) and virtual ones (ingest, the dashboard), once the service imports
 * {@link ScheduledTaskErrors}: MongoDB or Kafka out of reach is one warning per run and
 * the task runs again; a bug is an error with its stack trace, as Spring logs it.
 */
@ExtendWith(OutputCaptureExtension.class)
class ScheduledTaskErrorsTests {

	private static final String DEFAULT_ERROR = "Unexpected error occurred in scheduled task";

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskSchedulingAutoConfiguration.class))
		.withUserConfiguration(Service.class);

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void mongoDbOutOfReachIsOneWarningARunAndTheTaskRunsAgain(boolean virtualThreads, CapturedOutput output) {
		runTwice(virtualThreads, () -> new DataAccessResourceFailureException("Timed out while waiting for a server",
				new MongoTimeoutException("Timed out while waiting for a server")));
		assertThat(output.getOut())
			.contains("A scheduled task stopped, MongoDB cannot be reached "
					+ "(org.springframework.dao.DataAccessResourceFailureException); it runs again at its next time")
			.doesNotContain(DEFAULT_ERROR)
			.doesNotContain("\tat ");
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void kafkaOutOfReachIsOneWarningARunToo(boolean virtualThreads, CapturedOutput output) {
		runTwice(virtualThreads, () -> new KafkaException("Send failed", new TimeoutException("Expiring 1 record")));
		assertThat(output.getOut()).contains("A scheduled task stopped, Kafka cannot be reached")
			.doesNotContain(DEFAULT_ERROR)
			.doesNotContain("\tat ");
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void aBugIsAnErrorWithWhereItWasThrown(boolean virtualThreads, CapturedOutput output) {
		runTwice(virtualThreads, () -> new IllegalStateException("a bug in the poller"));
		assertThat(output.getOut()).contains("ERROR")
			.contains("A scheduled task failed: java.lang.IllegalStateException")
			.contains("\tat " + Poller.class.getName() + ".poll(")
			.doesNotContain(DEFAULT_ERROR)
			.doesNotContain("A scheduled task stopped");
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void anAddressInAFailuresMessageIsNotLogged(boolean virtualThreads, CapturedOutput output) {
		runTwice(virtualThreads,
				() -> new DuplicateKeyException("Write operation error on server: E11000 duplicate key error",
						new IllegalStateException("dup key: { email: \"dana.k@example.org\" }")));
		assertThat(output.getOut())
			.contains("A scheduled task failed: org.springframework.dao.DuplicateKeyException, "
					+ "caused by java.lang.IllegalStateException")
			.doesNotContain("dana.k@example.org")
			.doesNotContain("E11000");
	}

	private void runTwice(boolean virtualThreads, Supplier<RuntimeException> failure) {
		this.contexts.withPropertyValues("spring.threads.virtual.enabled=" + virtualThreads)
			.withBean(Supplier.class, () -> failure)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Poller poller = context.getBean(Poller.class);
				await().until(() -> poller.runs.get() >= 2);
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	@Import(ScheduledTaskErrors.class)
	static class Service {

		@Bean
		Poller poller(Supplier<RuntimeException> failure) {
			return new Poller(failure);
		}

	}

	static class Poller {

		final AtomicInteger runs = new AtomicInteger();

		private final Supplier<RuntimeException> failure;

		Poller(Supplier<RuntimeException> failure) {
			this.failure = failure;
		}

		@Scheduled(fixedDelay = 50)
		void poll() {
			this.runs.incrementAndGet();
			throw this.failure.get();
		}

	}

}
