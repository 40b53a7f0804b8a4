package org.solidarityalerts.ingest.progress;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.Topics;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Reads the delivery outcomes and the mail events (bounces and complaints) in a consumer
 * group of ingest's own, a batch at a time, and applies them to the progress of their
 * alert versions. A record that cannot be read is logged and skipped; when applying
 * fails, the batch is read again from the first event not applied (the error handler's
 * retries then skip that one event, as for a record listener).
 */
@Component
class ProgressListener {

	private static final Logger logger = LoggerFactory.getLogger(ProgressListener.class);

	/** Ingest's consumer group for progress. */
	static final String GROUP = "alert-ingest.progress";

	private final DeliveryProgress progress;

	ProgressListener(DeliveryProgress progress) {
		this.progress = progress;
	}

	@KafkaListener(id = "ingest-progress", groupId = GROUP, topics = { Topics.DELIVERY_OUTCOMES, Topics.MAIL_EVENTS },
			batch = "true")
	void receive(List<ConsumerRecord<String, @Nullable ContractEvent>> records) {
		List<ConsumerRecord<String, ?>> read = new ArrayList<>(records.size());
		List<DeliveryProgress.Sighting> batch = new ArrayList<>(records.size());
		for (ConsumerRecord<String, @Nullable ContractEvent> record : records) {
			ContractEvent event = record.value();
			if (event == null) {
				logger.warn("Skipped record {}-{}@{} that ingest cannot read", record.topic(), record.partition(),
						record.offset());
				continue;
			}
			read.add(record);
			batch.add(new DeliveryProgress.Sighting(record.topic(), record.partition(), record.offset(), event));
		}
		try {
			this.progress.apply(batch);
		}
		catch (DeliveryProgress.NotApplied ex) {
			throw new BatchListenerFailedException(ex.getMessage(), ex.getCause(), read.get(ex.from()));
		}
	}

}
