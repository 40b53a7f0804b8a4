package org.solidarityalerts.dispatch.messaging;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Partitions and retention of the topics dispatch creates, under
 * {@code alert.dispatch.kafka-topics} (replication is {@code alert.dispatch.topics}). A
 * dead letter must outlive the ledger entry that says "dead-lettered", so dead-letter
 * topics keep their records 90 days unless told otherwise; Kafka's default is 7. A topic
 * name with dots is written in brackets:
 * {@code alert.dispatch.kafka-topics.partitions[alerts.urgent]=12}.
 *
 * @param deadLetterRetention how long every {@code *.dlt} topic keeps its records
 * @param partitions partitions of a topic by name, where the contract's number is not
 * enough (partitions can be added later, never removed; keys then move between them)
 * @param retention how long a topic keeps its records, by name; unnamed topics keep the
 * broker's default, dead-letter topics {@code deadLetterRetention}
 */
@ConfigurationProperties("alert.dispatch.kafka-topics")
record TopicSettings(@DefaultValue("90d") Duration deadLetterRetention, @DefaultValue Map<String, Integer> partitions,
		@DefaultValue Map<String, Duration> retention) {

	TopicSettings {
		partitions = Map.copyOf(partitions);
		retention = Map.copyOf(retention);
	}

	/**
	 * The partitions of a topic.
	 * @param topic the topic's name
	 * @param contract the number the contract gives
	 * @return the configured number, or the contract's
	 */
	int partitionsOf(String topic, int contract) {
		return this.partitions.getOrDefault(topic, contract);
	}

	/**
	 * The topic configuration dispatch sets on a topic, besides replication.
	 * @param topic the topic's name
	 * @param deadLetters whether it is a dead-letter topic
	 * @return its {@code retention.ms}, if set
	 */
	Map<String, String> configOf(String topic, boolean deadLetters) {
		Map<String, String> config = new LinkedHashMap<>();
		Duration kept = this.retention.getOrDefault(topic, deadLetters ? this.deadLetterRetention : null);
		if (kept != null) {
			config.put("retention.ms", Long.toString(kept.toMillis()));
		}
		return config;
	}

}
