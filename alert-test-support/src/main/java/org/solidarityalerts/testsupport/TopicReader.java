package org.solidarityalerts.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.kafka.support.KafkaHeaders;

/**
 * Reads every record of a topic from its beginning, as a plain Kafka client would, for
 * assertions. Call {@link #records()} inside an Awaitility condition: each call fetches
 * what has arrived since.
 */
public final class TopicReader implements AutoCloseable {

	private static final Set<String> NUMERIC_HEADERS = Set.of(KafkaHeaders.DLT_ORIGINAL_OFFSET,
			KafkaHeaders.DLT_ORIGINAL_PARTITION, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP);

	private final KafkaConsumer<String, byte[]> consumer;

	private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

	/**
	 * Starts reading a topic.
	 * @param bootstrapServers the brokers
	 * @param topic the topic, which must exist
	 */
	public TopicReader(String bootstrapServers, String topic) {
		this.consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG,
						"test-reader-" + UUID.randomUUID(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
						ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
				new StringDeserializer(), new ByteArrayDeserializer());
		List<TopicPartition> partitions = this.consumer.partitionsFor(topic, Duration.ofSeconds(30))
			.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.toList();
		this.consumer.assign(partitions);
		this.consumer.seekToBeginning(partitions);
	}

	/**
	 * The records read so far, after fetching what is available now.
	 * @return every record since the topic's beginning
	 */
	public synchronized List<ConsumerRecord<String, byte[]>> records() {
		this.consumer.poll(Duration.ofMillis(200)).forEach(this.records::add);
		return List.copyOf(this.records);
	}

	/**
	 * Whether a header holds text: Spring Kafka writes a dead-lettered record's original
	 * offset, partition and timestamp as big-endian numbers, whose bytes decoded as text
	 * can hold any character ({@code 0x40} is {@code @}), so a look for an address in
	 * them would fail by the clock.
	 * @param header a record's header
	 * @return false for those three, true for any other
	 */
	public static boolean isText(Header header) {
		return !NUMERIC_HEADERS.contains(header.key());
	}

	@Override
	public synchronized void close() {
		this.consumer.close(Duration.ZERO);
	}

}
