package org.solidarityalerts.dispatch.messaging;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Reports dispatch as down when a Kafka listener container stopped on its own, as one
 * does when its listener throws an {@link Error}: the service would otherwise answer "UP"
 * while it no longer takes alerts or batches off a topic. A container stopped on purpose
 * (by an operator) is in its expected state and does not count.
 */
@Component("listenerContainers")
class ListenerContainersHealthIndicator implements HealthIndicator {

	private final KafkaListenerEndpointRegistry registry;

	ListenerContainersHealthIndicator(KafkaListenerEndpointRegistry registry) {
		this.registry = registry;
	}

	@Override
	public Health health() {
		Map<String, String> containers = new TreeMap<>();
		boolean healthy = true;
		for (MessageListenerContainer container : this.registry.getListenerContainers()) {
			boolean expected = container.isInExpectedState();
			healthy &= expected;
			containers.put(container.getListenerId(),
					!expected ? "stopped unexpectedly" : container.isRunning() ? "running" : "stopped");
		}
		return (healthy ? Health.up() : Health.down()).withDetails(containers).build();
	}

}
