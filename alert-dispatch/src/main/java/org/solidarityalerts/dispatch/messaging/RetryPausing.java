package org.solidarityalerts.dispatch.messaging;

import java.time.Duration;

import org.apache.kafka.common.TopicPartition;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ContainerPartitionPausingBackOffManager;
import org.springframework.kafka.listener.ContainerPausingBackOffHandler;
import org.springframework.kafka.listener.KafkaBackoffException;
import org.springframework.kafka.listener.KafkaConsumerBackoffManager;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Holds back a retry that is not due yet by pausing only its partition, with Spring
 * Kafka's own machinery for retry topics: the partition is paused, resumed when the
 * record is due, and the listener throws a {@link KafkaBackoffException} that the error
 * handler answers by seeking back to the record. The container keeps polling every other
 * partition and topic. The resumes are scheduled on a thread of its own, so that no other
 * scheduled work can delay them.
 */
@Component
public class RetryPausing implements DisposableBean {

	private final ThreadPoolTaskScheduler scheduler;

	private final KafkaConsumerBackoffManager backoffs;

	RetryPausing(KafkaListenerEndpointRegistry registry) {
		this.scheduler = new ThreadPoolTaskScheduler();
		this.scheduler.setThreadNamePrefix("retry-resume-");
		this.scheduler.initialize();
		this.backoffs = new ContainerPartitionPausingBackOffManager(registry,
				new ContainerPausingBackOffHandler(new ListenerContainerPauseService(registry, this.scheduler)));
	}

	/**
	 * Pauses a partition of a listener container for a while and throws the exception
	 * that makes the container hand the record back to Kafka.
	 * @param listenerId the listener's id
	 * @param topic the record's topic
	 * @param partition the record's partition
	 * @param wait how long until the record is due, positive
	 * @throws KafkaBackoffException always
	 */
	public void pauseFor(String listenerId, String topic, int partition, Duration wait) {
		long due = System.currentTimeMillis() + Math.max(1, wait.toMillis());
		this.backoffs.backOffIfNecessary(
				this.backoffs.createContext(due, listenerId, new TopicPartition(topic, partition), null));
		throw new KafkaBackoffException("Not due yet", new TopicPartition(topic, partition), listenerId, due);
	}

	@Override
	public void destroy() {
		this.scheduler.shutdown();
	}

}
