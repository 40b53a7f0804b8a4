package org.solidarityalerts.dispatch.messaging;

import java.time.Duration;
import java.util.List;

import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.scheduling.config.TaskExecutionOutcome;

import static org.awaitility.Awaitility.await;

/**
 * Dispatch creates its topics once more, ten seconds after it started, in case Kafka was
 * down then: a test that takes a topic away must wait for that, or the topic comes back
 * in the middle of its outage.
 */
public final class TopicCreationRuns {

	private TopicCreationRuns() {
	}

	/**
	 * Waits until dispatch's one-off topic creation after start-up has run.
	 * @param schedules the application's scheduled tasks
	 */
	public static void awaitTheOneAfterStartUp(List<ScheduledTaskHolder> schedules) {
		ScheduledTask creation = schedules.stream()
			.flatMap((holder) -> holder.getScheduledTasks().stream())
			.filter((task) -> task.toString().contains("TopicCreation.createIfMissing"))
			.findFirst()
			.orElseThrow();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> creation.getTask().getLastExecutionOutcome().status() == TaskExecutionOutcome.Status.SUCCESS);
	}

}
