package org.solidarityalerts.dashboard.board;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.Topics;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads the alert topics, the delivery outcomes, the operators' controls and the mail
 * events (bounces and complaints) in a consumer group of the dashboard's own, and applies
 * each event to the board with where it was read.
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

	@KafkaListener(id = "dashboard-board", groupId = GROUP, topics = { Topics.ALERTS_URGENT, Topics.ALERTS_STANDARD,
			Topics.DELIVERY_OUTCOMES, Topics.FANOUT_CONTROL, Topics.MAIL_EVENTS, Topics.ACTION_REPORTS })
	void receive(ConsumerRecord<String, @Nullable ContractEvent> record) {
		ContractEvent event = record.value();
		if (event == null) {
			logger.warn("Skipped record {}-{}@{} without an event", record.topic(), record.partition(),
					record.offset());
			return;
		}
		this.board.apply(event, new FanOutBoard.Position(record.topic(), record.partition(), record.offset()));
	}

}
