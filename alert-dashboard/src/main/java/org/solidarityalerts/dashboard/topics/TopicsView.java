package org.solidarityalerts.dashboard.topics;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The topics and consumer groups at one sample.
 *
 * @param at when it was sampled
 * @param topics every topic of the service that exists
 * @param groups every consumer group with committed offsets on them
 * @param error why the latest sample failed, or null
 */
public record TopicsView(Instant at, List<TopicRow> topics, List<GroupRow> groups, @Nullable String error) {

	static final TopicsView EMPTY = new TopicsView(Instant.EPOCH, List.of(), List.of(), "not sampled yet");

	TopicsView withError(Exception ex) {
		return new TopicsView(this.at, this.topics, this.groups,
				"the latest sample failed: " + ex.getClass().getSimpleName());
	}

	/**
	 * A consumer group by id.
	 * @param id the group id
	 * @return the group, or null if it has no committed offsets on the service's topics
	 */
	public @Nullable GroupRow group(String id) {
		return this.groups.stream().filter((group) -> group.id().equals(id)).findFirst().orElse(null);
	}

	/**
	 * One topic.
	 *
	 * @param name its name
	 * @param partitions how many partitions it has
	 * @param endOffsets the end offset of each partition
	 * @param messages the sum of its end offsets
	 * @param ratePerSecond records appended per second since the previous sample
	 * @param deadLetter whether it is a dead-letter topic
	 */
	public record TopicRow(String name, int partitions, Map<Integer, Long> endOffsets, long messages,
			double ratePerSecond, boolean deadLetter) {

		public String rateText() {
			return String.format(java.util.Locale.ROOT, "%.1f/s", this.ratePerSecond);
		}

	}

	/**
	 * One consumer group.
	 *
	 * @param id the group id
	 * @param state its state, e.g. {@code Stable} or {@code Empty}
	 * @param lag its total lag
	 * @param trend growing, draining or steady
	 * @param timeToDrain the estimate as text, or a dash
	 * @param partitions its lag per partition
	 */
	public record GroupRow(String id, String state, long lag, String trend, String timeToDrain,
			List<PartitionLag> partitions) {
	}

	/**
	 * A group's position on one partition.
	 *
	 * @param topic the topic
	 * @param partition the partition
	 * @param committed the committed offset, or null if the group never committed there
	 * @param end the end offset
	 * @param lag records not yet consumed
	 */
	public record PartitionLag(String topic, int partition, @Nullable Long committed, long end, long lag) {
	}

}
