package org.solidarityalerts.ingest.progress;

import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.Topics;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads the delivery outcomes and the mail events (bounces and complaints) in a consumer
 * group of ingest's own, and applies each event to the progress of its alert version.
 */
@Component
class ProgressListener {

	/** Ingest's consumer group for progress. */
	static final String GROUP = "alert-ingest.progress";

	private final DeliveryProgress progress;

	ProgressListener(DeliveryProgress progress) {
		this.progress = progress;
	}

	@KafkaListener(id = "ingest-progress", groupId = GROUP, topics = { Topics.DELIVERY_OUTCOMES, Topics.MAIL_EVENTS })
	void receive(ContractEvent event) {
		this.progress.apply(event);
	}

}
