package org.solidarityalerts.dispatch.messaging;

import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Creates the service's topics if Kafka was down when dispatch started (topics are never
 * auto-created): tries again every ten seconds until it has succeeded once.
 */
@Component
class TopicCreation {

	private final KafkaAdmin admin;

	private volatile boolean done;

	TopicCreation(KafkaAdmin admin) {
		this.admin = admin;
	}

	@Scheduled(initialDelay = 10_000, fixedDelay = 10_000)
	void createIfMissing() {
		if (!this.done) {
			this.done = this.admin.initialize();
		}
	}

}
