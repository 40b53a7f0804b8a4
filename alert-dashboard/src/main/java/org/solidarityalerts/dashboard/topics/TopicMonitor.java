package org.solidarityalerts.dashboard.topics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dashboard.DashboardProperties;
import org.solidarityalerts.dashboard.topics.LagMath.Sample;
import org.solidarityalerts.dashboard.topics.TopicsView.GroupRow;
import org.solidarityalerts.dashboard.topics.TopicsView.PartitionLag;
import org.solidarityalerts.dashboard.topics.TopicsView.TopicRow;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Samples the service's topics and the consumer groups reading them with the admin
 * client, on one scheduler thread. For every group it reads the committed offsets first
 * and the end offsets after, so that a lag is never understated by a commit in between.
 * Each sample replaces an immutable view that pages and metrics read.
 */
@Component
public class TopicMonitor {

	private static final Logger logger = LoggerFactory.getLogger(TopicMonitor.class);

	private static final long TIMEOUT_SECONDS = 5;

	private final Admin admin;

	private final DashboardProperties properties;

	private final MeterRegistry meters;

	private final Clock clock;

	/** The consumer groups whose lag gauge is registered. */
	private final Set<String> gauged = ConcurrentHashMap.newKeySet();

	private final AtomicReference<State> state = new AtomicReference<>(
			new State(TopicsView.EMPTY, Map.of(), Map.of(), Map.of()));

	TopicMonitor(Admin admin, DashboardProperties properties, MeterRegistry meters, Clock clock) {
		this.admin = admin;
		this.properties = properties;
		this.meters = meters;
		this.clock = clock;
	}

	/**
	 * The latest sample.
	 * @return the topics and groups as last seen
	 */
	public TopicsView view() {
		return this.state.get().view();
	}

	/**
	 * Records appended per minute to each topic over the last hour, oldest first.
	 * @return per topic, one figure per whole minute sampled
	 */
	public Map<String, List<Long>> messagesPerMinute() {
		Map<String, List<Long>> result = new TreeMap<>();
		this.state.get().minutes().forEach((topic, totals) -> {
			List<Long> rates = new ArrayList<>();
			Long previous = null;
			for (long total : totals.values()) {
				if (previous != null) {
					rates.add(Math.max(0, total - previous));
				}
				previous = total;
			}
			result.put(topic, rates);
		});
		return result;
	}

	@Scheduled(fixedDelayString = "${alert.dashboard.topics.sample-interval:2s}", initialDelay = 0)
	void sample() {
		State before = this.state.get();
		try {
			this.state.set(next(before));
		}
		catch (Exception ex) {
			logger.debug("Sampling the topics failed", ex);
			this.state.set(before.failed(before.view().withError(ex)));
		}
	}

	private State next(State before) throws Exception {
		Set<String> names = this.admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		List<String> watched = watched().stream().filter(names::contains).toList();
		Map<String, TopicDescription> descriptions = this.admin.describeTopics(watched)
			.allTopicNames()
			.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		List<TopicPartition> partitions = descriptions.values()
			.stream()
			.flatMap((topic) -> topic.partitions()
				.stream()
				.map((partition) -> new TopicPartition(topic.name(), partition.partition())))
			.toList();
		List<String> groupIds = this.admin.listGroups(ListGroupsOptions.forConsumerGroups())
			.all()
			.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
			.stream()
			.map(GroupListing::groupId)
			.sorted()
			.toList();
		// Committed offsets first, end offsets after: see the class comment.
		Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new LinkedHashMap<>();
		for (String group : groupIds) {
			Map<TopicPartition, OffsetAndMetadata> offsets = this.admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
			Map<TopicPartition, OffsetAndMetadata> ours = new HashMap<>();
			offsets.forEach((partition, offset) -> {
				if (offset != null && watched.contains(partition.topic())) {
					ours.put(partition, offset);
				}
			});
			if (!ours.isEmpty()) {
				committed.put(group, ours);
			}
		}
		Map<String, ConsumerGroupDescription> groups = committed.isEmpty() ? Map.of()
				: this.admin.describeConsumerGroups(committed.keySet()).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
		Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
		Instant now = this.clock.instant();
		return build(before, now, watched, descriptions, committed, groups, starts, ends);
	}

	private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
		Map<TopicPartition, OffsetSpec> request = partitions.stream()
			.collect(Collectors.toMap((partition) -> partition, (partition) -> spec));
		Map<TopicPartition, ListOffsetsResultInfo> result = this.admin.listOffsets(request)
			.all()
			.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		Map<TopicPartition, Long> offsets = new HashMap<>();
		result.forEach((partition, info) -> offsets.put(partition, info.offset()));
		return offsets;
	}

	private State build(State before, Instant now, List<String> watched, Map<String, TopicDescription> descriptions,
			Map<String, Map<TopicPartition, OffsetAndMetadata>> committed, Map<String, ConsumerGroupDescription> groups,
			Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends) {
		double seconds = Math.max(0.001, Duration.between(before.view().at(), now).toMillis() / 1000.0);
		Map<String, Long> totals = new HashMap<>();
		List<TopicRow> topics = new ArrayList<>();
		for (String name : watched) {
			TopicDescription description = descriptions.get(name);
			Map<Integer, Long> endOffsets = new TreeMap<>();
			description.partitions()
				.forEach((partition) -> endOffsets.put(partition.partition(),
						ends.getOrDefault(new TopicPartition(name, partition.partition()), 0L)));
			long messages = endOffsets.values().stream().mapToLong(Long::longValue).sum();
			totals.put(name, messages);
			Long previous = before.totals().get(name);
			double rate = (previous != null && !before.view().at().equals(Instant.EPOCH))
					? Math.max(0, messages - previous) / seconds : 0;
			topics.add(new TopicRow(name, endOffsets.size(), endOffsets, messages, rate,
					name.endsWith(Topics.DEAD_LETTER_SUFFIX)));
		}
		Instant windowStart = now.minus(this.properties.topics().trendWindow());
		Map<String, List<Sample>> history = new HashMap<>();
		List<GroupRow> rows = new ArrayList<>();
		committed.forEach((group, offsets) -> {
			// Every partition of the topics the group reads, also those it never
			// committed on
			// yet: it starts there from the earliest offset, as the service's consumers
			// do.
			Set<String> read = offsets.keySet().stream().map(TopicPartition::topic).collect(Collectors.toSet());
			List<PartitionLag> lags = ends.keySet()
				.stream()
				.filter((partition) -> read.contains(partition.topic()))
				.sorted(Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition))
				.map((partition) -> {
					long end = ends.get(partition);
					OffsetAndMetadata committedOffset = offsets.get(partition);
					Long position = (committedOffset != null) ? committedOffset.offset() : null;
					return new PartitionLag(partition.topic(), partition.partition(), position, end,
							LagMath.lag(position, starts.getOrDefault(partition, 0L), end));
				})
				.toList();
			long lag = lags.stream().mapToLong(PartitionLag::lag).sum();
			List<Sample> samples = Stream
				.concat(before.history().getOrDefault(group, List.of()).stream(), Stream.of(new Sample(now, lag)))
				.filter((sample) -> !sample.at().isBefore(windowStart))
				.toList();
			history.put(group, samples);
			ConsumerGroupDescription description = groups.get(group);
			String state = (description != null) ? description.groupState().toString() : "unknown";
			Duration drain = LagMath.timeToDrain(samples);
			rows.add(new GroupRow(group, state, lag, LagMath.trend(samples).label(), text(drain), lags));
			if (this.gauged.add(group)) {
				// Once per group: the gauge reads the latest state; registering it again
				// on every poll made Micrometer warn.
				Gauge.builder("alert.dashboard.consumer.lag", this, (monitor) -> monitor.lagOf(group))
					.tag("group", group)
					.description("Records the consumer group has not consumed yet")
					.register(this.meters);
			}
		});
		return new State(new TopicsView(now, List.copyOf(topics), List.copyOf(rows), null), totals, Map.copyOf(history),
				minutes(before.minutes(), totals, now));
	}

	private static Map<String, Map<Instant, Long>> minutes(Map<String, Map<Instant, Long>> before,
			Map<String, Long> totals, Instant now) {
		Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
		Instant oldest = minute.minus(61, ChronoUnit.MINUTES);
		Map<String, Map<Instant, Long>> result = new HashMap<>();
		totals.forEach((topic, total) -> {
			TreeMap<Instant, Long> points = new TreeMap<>(before.getOrDefault(topic, Map.of()));
			points.putIfAbsent(minute, total);
			points.headMap(oldest).clear();
			result.put(topic, java.util.Collections.unmodifiableSortedMap(points));
		});
		return Map.copyOf(result);
	}

	private double lagOf(String group) {
		return this.state.get()
			.view()
			.groups()
			.stream()
			.filter((row) -> row.id().equals(group))
			.mapToLong(GroupRow::lag)
			.findFirst()
			.orElse(0);
	}

	private static List<String> watched() {
		List<String> names = new ArrayList<>();
		for (Topics.TopicSpec topic : Topics.ALL) {
			names.add(topic.name());
		}
		for (Topics.TopicSpec topic : Topics.ALL) {
			if (topic.deadLetters()) {
				names.add(Topics.deadLetterOf(topic.name()));
			}
		}
		return names;
	}

	static String text(@org.jspecify.annotations.Nullable Duration duration) {
		if (duration == null) {
			return "–";
		}
		long seconds = duration.toSeconds();
		if (seconds < 60) {
			return seconds + " s";
		}
		if (seconds < 3600) {
			return (seconds / 60) + " min " + (seconds % 60) + " s";
		}
		return (seconds / 3600) + " h " + (seconds / 60 % 60) + " min";
	}

	/**
	 * What the sampler remembers between samples; immutable, replaced whole.
	 */
	private record State(TopicsView view, Map<String, Long> totals, Map<String, List<Sample>> history,
			Map<String, Map<Instant, Long>> minutes) {

		State failed(TopicsView view) {
			return new State(view, this.totals, this.history, this.minutes);
		}

	}

}
