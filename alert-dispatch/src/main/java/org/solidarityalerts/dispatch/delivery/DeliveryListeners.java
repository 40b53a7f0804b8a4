package org.solidarityalerts.dispatch.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryBatchRequested;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.messaging.RetryPausing;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * The three ways batches arrive. Urgent and bulk batches have listener containers and
 * consumer groups of their own, so a bulk backlog never delays an urgent action. Retries
 * wait for their time without blocking: a batch that is not due yet pauses only its
 * partition until it is, while the container keeps polling the others.
 */
@Component
class DeliveryListeners {

	static final String RETRY_LISTENER = "deliveries-retry";

	private final DeliveryService deliveries;

	private final RetryPausing pausing;

	private final Clock clock;

	DeliveryListeners(DeliveryService deliveries, RetryPausing pausing, Clock clock) {
		this.deliveries = deliveries;
		this.pausing = pausing;
		this.clock = clock;
	}

	@KafkaListener(id = "deliveries-urgent", groupId = "alert-dispatch.deliveries-urgent",
			topics = Topics.DELIVERIES_URGENT, concurrency = "${alert.dispatch.listeners.urgent-concurrency:2}")
	void urgent(ContractEvent event) {
		this.deliveries.deliver(DeliveryService.batchOf(event));
	}

	@KafkaListener(id = "deliveries-bulk", groupId = "alert-dispatch.deliveries-bulk", topics = Topics.DELIVERIES_BULK,
			concurrency = "${alert.dispatch.listeners.bulk-concurrency:2}")
	void bulk(ContractEvent event) {
		this.deliveries.deliver(DeliveryService.batchOf(event));
	}

	/**
	 * Reads {@code deliveries.retry} (due now) and every retry tier. A batch that is not
	 * due yet pauses its partition until it is and is read again then; the records behind
	 * it on that partition are due no earlier (a tier's records are due in the order they
	 * were published), and every other partition keeps flowing.
	 */
	@KafkaListener(id = RETRY_LISTENER, groupId = "alert-dispatch.deliveries-retry", topics = "#{@retryTiers.topics()}",
			containerFactory = "retryListenerContainerFactory")
	void retry(ContractEvent event, @Header(KafkaHeaders.RECEIVED_TOPIC) String topic,
			@Header(KafkaHeaders.RECEIVED_PARTITION) int partition) {
		DeliveryBatchRequested batch = DeliveryService.batchOf(event);
		Instant now = this.clock.instant();
		if (batch.notBefore() != null && batch.notBefore().isAfter(now)) {
			this.pausing.pauseFor(RETRY_LISTENER, topic, partition, Duration.between(now, batch.notBefore()));
		}
		this.deliveries.deliver(batch);
	}

}
