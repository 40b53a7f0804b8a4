package org.solidarityalerts.testsupport;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group's lag on a topic, as an operator would read it: committed offsets
 * first, then end offsets, each partition's difference clamped at zero.
 */
public final class ConsumerLag {

	private ConsumerLag() {
	}

	/**
	 * The group's total lag on a topic.
	 * @param bootstrapServers the brokers
	 * @param group the consumer group
	 * @param topic the topic
	 * @return records not yet committed by the group, across all partitions
	 */
	public static long of(String bootstrapServers, String group, String topic) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get();
			Map<TopicPartition, OffsetSpec> partitions = admin.describeTopics(java.util.List.of(topic))
				.allTopicNames()
				.get()
				.get(topic)
				.partitions()
				.stream()
				.collect(Collectors.toMap((info) -> new TopicPartition(topic, info.partition()),
						(info) -> OffsetSpec.latest()));
			long lag = 0;
			for (var end : admin.listOffsets(partitions).all().get().entrySet()) {
				OffsetAndMetadata done = committed.get(end.getKey());
				lag += Math.max(0, end.getValue().offset() - ((done != null) ? done.offset() : 0));
			}
			return lag;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

}
