package org.solidarityalerts.dashboard.board;

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
 * Reads the alert topics, the delivery outcomes, the operators' controls and the mail
 * events (bounces and complaints) in a consumer group of the dashboard's own, a batch at
 * a time, and applies each batch to the board with where each event was read. When
 * applying fails, the batch is read again from its first event (the board applies each
 * event once however often it is read; the error handler's retries then skip that one
 * event, as for a record listener).
 */
@Component
class BoardListener {

	/** The dashboard's consumer group. */
	static final String GROUP = "alert-dashboard.board";

	private static final Logger logger = LoggerFactory.getLogger(BoardListener.class);

	private final FanOutBoard board;

	BoardListener(FanOutBoard board) {
		this.board = board;
	}

	@KafkaListener(
			id = "dashboard-board", groupId = GROUP, topics = { Topics.ALERTS_URGENT, Topics.ALERTS_STANDARD,
					Topics.DELIVERY_OUTCOMES, Topics.FANOUT_CONTROL, Topics.MAIL_EVENTS, Topics.ACTION_REPORTS },
			batch = "true")
	void receive(List<ConsumerRecord<String, @Nullable ContractEvent>> records) {
		List<FanOutBoard.Sighting> batch = new ArrayList<>(records.size());
		ConsumerRecord<String, ?> first = null;
		for (ConsumerRecord<String, @Nullable ContractEvent> record : records) {
			ContractEvent event = record.value();
			if (event == null) {
				logger.warn("Skipped record {}-{}@{} without an event", record.topic(), record.partition(),
						record.offset());
				continue;
			}
			first = (first != null) ? first : record;
			batch.add(new FanOutBoard.Sighting(event,
					new FanOutBoard.Position(record.topic(), record.partition(), record.offset())));
		}
		if (batch.isEmpty()) {
			return;
		}
		try {
			this.board.apply(batch);
		}
		catch (RuntimeException ex) {
			throw new BatchListenerFailedException("The board could not apply a batch", ex, first);
		}
	}

}
