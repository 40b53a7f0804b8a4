package org.solidarityalerts.dispatch.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryBatchRequested;
import org.solidarityalerts.contract.Topics;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * The three ways batches arrive. Urgent and bulk batches have listener containers and
 * consumer groups of their own, so a bulk backlog never delays an urgent action. Retries
 * wait for their time without blocking: a batch that is not due yet pauses its partition
 * until it is, while the container keeps polling.
 */
@Component
class DeliveryListeners {

	private final DeliveryService deliveries;

	private final Clock clock;

	DeliveryListeners(DeliveryService deliveries, Clock clock) {
		this.deliveries = deliveries;
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

	@KafkaListener(id = "deliveries-retry", groupId = "alert-dispatch.deliveries-retry",
			topics = Topics.DELIVERY_RETRIES, containerFactory = "retryListenerContainerFactory")
	void retry(ContractEvent event, Acknowledgment acknowledgment) {
		DeliveryBatchRequested batch = DeliveryService.batchOf(event);
		Instant now = this.clock.instant();
		if (batch.notBefore() != null && batch.notBefore().isAfter(now)) {
			acknowledgment.nack(Duration.between(now, batch.notBefore()));
			return;
		}
		this.deliveries.deliver(batch);
		acknowledgment.acknowledge();
	}

}
