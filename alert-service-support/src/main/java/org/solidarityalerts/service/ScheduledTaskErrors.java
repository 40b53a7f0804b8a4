package org.solidarityalerts.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.task.SimpleAsyncTaskSchedulerCustomizer;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.util.ErrorHandler;

/**
 * What the services' scheduled tasks (pollers, purges, relays) log when they fail. A task
 * that failed because MongoDB or Kafka cannot be reached says so in one warning, without
 * a stack trace: during an outage every poller fails every few seconds, the health
 * endpoint already says what is down, and a hundred lines a poll would bury the rest of
 * the log. It runs again at its next time, as before. Any other failure is logged as an
 * error with its classes and where it was thrown, but not its messages, which may quote
 * an address (Spring's own handler logs them). A service imports it ({@code @Import}); it
 * sets the handler on the scheduler Spring Boot builds, with platform threads or virtual
 * ones.
 */
@Component
public class ScheduledTaskErrors
		implements ErrorHandler, ThreadPoolTaskSchedulerCustomizer, SimpleAsyncTaskSchedulerCustomizer {

	private static final Logger logger = LoggerFactory.getLogger(ScheduledTaskErrors.class);

	@Override
	public void handleError(Throwable failure) {
		String away = MongoAway.in(failure) ? "MongoDB" : KafkaAway.in(failure) ? "Kafka" : null;
		if (away == null) {
			logger.error("A scheduled task failed: {}", Failures.withoutMessages(failure));
			return;
		}
		logger.warn("A scheduled task stopped, {} cannot be reached ({}); it runs again at its next time", away,
				failure.getClass().getName());
	}

	@Override
	public void customize(ThreadPoolTaskScheduler scheduler) {
		scheduler.setErrorHandler(this);
	}

	@Override
	public void customize(SimpleAsyncTaskScheduler scheduler) {
		scheduler.setErrorHandler(this);
	}

}
