package org.solidarityalerts.dashboard.deadletters;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryBatchRequested;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dashboard.DashboardProperties;
import org.solidarityalerts.dashboard.audit.AuditLog;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The records on the dead-letter topics, and re-driving them. A record is re-driven at
 * most once (its topic, partition and offset are recorded first, under a unique id), and
 * a record whose history shows too many re-drives is refused, so that an operator cannot
 * loop a poison record. Records that dispatch could not consume go back to their original
 * topic with their original key and bytes; delivery batches that ran out of retries or
 * were in doubt go back to the retry topic as a re-drive, so that the dead-lettered
 * recipients are tried again.
 */
@Component
public class DeadLetters {

	/** The header that counts how many times a record was re-driven. */
	public static final String REDRIVES_HEADER = "alert_redrive-count";

	/** The reason header dispatch writes on the delivery batches it dead-letters. */
	static final String BATCH_REASON_HEADER = "alert_dlt-reason";

	static final String ORIGINAL_TOPIC_HEADER = "kafka_dlt-original-topic";

	static final String REDRIVES = "dashboard_redrives";

	private static final String BATCHES = Topics.deadLetterOf(Topics.DELIVERY_RETRIES);

	private static final Pattern ADDRESS = Pattern.compile("[^\\s@<>\"']+@[^\\s@<>\"']+");

	private static final Duration READ_PATIENCE = Duration.ofSeconds(3);

	private static final Logger logger = LoggerFactory.getLogger(DeadLetters.class);

	private final KafkaConsumer<String, byte[]> consumer;

	private final KafkaTemplate<String, byte[]> kafka;

	private final MongoTemplate mongo;

	private final AuditLog audit;

	private final DashboardProperties properties;

	private final MeterRegistry meters;

	private final Clock clock;

	private final Map<String, Listing> cache = new HashMap<>();

	DeadLetters(ConsumerFactory<?, ?> consumers, KafkaTemplate<String, byte[]> kafka, MongoTemplate mongo,
			AuditLog audit, DashboardProperties properties, MeterRegistry meters, Clock clock) {
		Map<String, Object> config = new HashMap<>(consumers.getConfigurationProperties());
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "alert-dashboard-dead-letters");
		this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
		this.kafka = kafka;
		this.mongo = mongo;
		this.audit = audit;
		this.properties = properties;
		this.meters = meters;
		this.clock = clock;
	}

	/**
	 * The dead-letter topics of the service.
	 * @return their names
	 */
	public static List<String> topics() {
		return Topics.ALL.stream()
			.filter(Topics.TopicSpec::deadLetters)
			.map((topic) -> Topics.deadLetterOf(topic.name()))
			.toList();
	}

	/**
	 * The latest records of every dead-letter topic, newest first.
	 * @return the records
	 */
	public synchronized List<DeadLetter> list() {
		Set<String> redriven = redriven();
		List<DeadLetter> all = new ArrayList<>();
		for (String topic : topics()) {
			for (DeadLetter letter : listing(topic)) {
				all.add(redriven.contains(letter.ref()) ? letter.withRedriven() : letter);
			}
		}
		all.sort(Comparator.comparing(DeadLetter::at).reversed());
		return all;
	}

	private List<DeadLetter> listing(String topic) {
		List<TopicPartition> partitions = partitions(topic);
		if (partitions.isEmpty()) {
			return List.of();
		}
		Map<TopicPartition, Long> ends = this.consumer.endOffsets(partitions);
		Listing cached = this.cache.get(topic);
		if (cached != null && cached.ends().equals(ends)) {
			return cached.letters();
		}
		Map<TopicPartition, Long> starts = this.consumer.beginningOffsets(partitions);
		this.consumer.assign(partitions);
		int listed = this.properties.deadLetters().listed();
		for (TopicPartition partition : partitions) {
			this.consumer.seek(partition, Math.max(starts.get(partition), ends.get(partition) - listed));
		}
		Map<String, DeadLetter> firstCopies = new LinkedHashMap<>();
		Instant deadline = this.clock.instant().plus(READ_PATIENCE);
		while (!caughtUp(partitions, ends) && this.clock.instant().isBefore(deadline)) {
			for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(200))) {
				DeadLetter letter = letter(record);
				firstCopies.merge(sameness(record, letter), letter, (first, copy) -> first.withOneMoreCopy());
			}
		}
		this.consumer.unsubscribe();
		List<DeadLetter> letters = new ArrayList<>(firstCopies.values());
		letters.sort(Comparator.comparing(DeadLetter::at).reversed());
		List<DeadLetter> kept = List.copyOf(letters.subList(0, Math.min(listed, letters.size())));
		this.cache.put(topic, new Listing(Map.copyOf(ends), kept));
		return kept;
	}

	private boolean caughtUp(List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
		for (TopicPartition partition : partitions) {
			if (this.consumer.position(partition) < ends.get(partition)) {
				return false;
			}
		}
		return true;
	}

	private List<TopicPartition> partitions(String topic) {
		List<PartitionInfo> infos = this.consumer.listTopics(Duration.ofSeconds(5)).get(topic);
		if (infos == null) {
			return List.of();
		}
		return infos.stream().map((info) -> new TopicPartition(topic, info.partition())).toList();
	}

	private Set<String> redriven() {
		Set<String> refs = new HashSet<>();
		this.mongo.find(new Query(), Document.class, REDRIVES).forEach((done) -> refs.add(done.getString("_id")));
		return refs;
	}

	/**
	 * Re-drives records from the dead-letter topics, each at most once.
	 * @param operator who asks
	 * @param refs the records, as {@code topic/partition/offset}
	 * @return what became of each, in order
	 */
	public synchronized List<Redrive> redrive(String operator, List<String> refs) {
		List<Redrive> results = new ArrayList<>();
		for (String ref : new java.util.LinkedHashSet<>(refs)) {
			Redrive result = redriveOne(operator, ref);
			this.audit.record(operator, "deadletter.redrive", ref, result.outcome());
			this.meters.counter("alert.dashboard.redrives", "result", result.done() ? "done" : "refused").increment();
			results.add(result);
		}
		this.cache.clear();
		return results;
	}

	private Redrive redriveOne(String operator, String ref) {
		String[] parts = ref.split("/");
		if (parts.length != 3 || !topics().contains(parts[0])) {
			return new Redrive(ref, false, "refused: not a record of a dead-letter topic");
		}
		TopicPartition partition;
		long offset;
		try {
			partition = new TopicPartition(parts[0], Integer.parseInt(parts[1]));
			offset = Long.parseLong(parts[2]);
		}
		catch (NumberFormatException ex) {
			return new Redrive(ref, false, "refused: not a record of a dead-letter topic");
		}
		ConsumerRecord<String, byte[]> record = read(partition, offset);
		if (record == null) {
			return new Redrive(ref, false, "refused: no such record");
		}
		int redrives = redrives(record.headers());
		if (redrives >= this.properties.deadLetters().maxRedrives()) {
			return new Redrive(ref, false, "refused: it was re-driven " + redrives + " times already");
		}
		ProducerRecord<String, byte[]> outgoing;
		try {
			outgoing = outgoing(record, redrives + 1);
		}
		catch (RuntimeException ex) {
			return new Redrive(ref, false, "refused: " + ex.getMessage());
		}
		try {
			this.mongo.insert(new Document("_id", ref).append("operator", operator)
				.append("at", java.util.Date.from(this.clock.instant()))
				.append("to", outgoing.topic()), REDRIVES);
		}
		catch (DuplicateKeyException ex) {
			return new Redrive(ref, false, "refused: it was re-driven already");
		}
		try {
			this.kafka.send(outgoing).get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			this.mongo.remove(Query.query(Criteria.where("_id").is(ref)), REDRIVES);
			logger.warn("Re-driving {} failed", ref, ex);
			return new Redrive(ref, false, "failed: Kafka did not take it (" + ex.getClass().getSimpleName() + ")");
		}
		logger.info("Operator {} re-drove {} to {}", operator, ref, outgoing.topic());
		return new Redrive(ref, true, "re-driven to " + outgoing.topic());
	}

	private @Nullable ConsumerRecord<String, byte[]> read(TopicPartition partition, long offset) {
		if (!partitions(partition.topic()).contains(partition)) {
			return null;
		}
		List<TopicPartition> one = List.of(partition);
		long end = this.consumer.endOffsets(one).get(partition);
		if (offset >= end || offset < this.consumer.beginningOffsets(one).get(partition)) {
			return null;
		}
		this.consumer.assign(one);
		this.consumer.seek(partition, offset);
		Instant deadline = this.clock.instant().plus(READ_PATIENCE);
		try {
			while (this.clock.instant().isBefore(deadline)) {
				for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(200))) {
					if (record.offset() == offset) {
						return record;
					}
					if (record.offset() > offset) {
						return null;
					}
				}
			}
			return null;
		}
		finally {
			this.consumer.unsubscribe();
		}
	}

	private ProducerRecord<String, byte[]> outgoing(ConsumerRecord<String, byte[]> record, int redrives) {
		ProducerRecord<String, byte[]> outgoing;
		if (record.topic().equals(BATCHES) && record.headers().lastHeader(BATCH_REASON_HEADER) != null) {
			ContractEvent event = WireFormat.jsonMapper().readValue(record.value(), ContractEvent.class);
			if (!(event instanceof DeliveryBatchRequested parked)) {
				throw new IllegalStateException("it is not a delivery batch");
			}
			DeliveryBatchRequested again = new DeliveryBatchRequested(EventId.random(), ContractEvent.SCHEMA_VERSION,
					this.clock.instant(), parked.alertVersion(), parked.batch(), parked.subscribers(), 1, null, true);
			outgoing = new ProducerRecord<>(Topics.DELIVERY_RETRIES, record.key(),
					WireFormat.jsonMapper().writeValueAsBytes(again));
			EventHeaders.write(outgoing.headers(), again, this.properties.source());
		}
		else {
			String original = EventHeaders.read(record.headers(), ORIGINAL_TOPIC_HEADER);
			if (original == null) {
				throw new IllegalStateException("it does not say which topic it came from");
			}
			outgoing = new ProducerRecord<>(original, record.key(), record.value());
			for (Header header : record.headers()) {
				if (!header.key().startsWith("kafka_dlt-") && !header.key().equals(REDRIVES_HEADER)) {
					outgoing.headers().add(header);
				}
			}
		}
		outgoing.headers().add(REDRIVES_HEADER, Integer.toString(redrives).getBytes(StandardCharsets.UTF_8));
		return outgoing;
	}

	private static int redrives(Headers headers) {
		String count = EventHeaders.read(headers, REDRIVES_HEADER);
		try {
			return (count != null) ? Integer.parseInt(count) : 0;
		}
		catch (NumberFormatException ex) {
			return Integer.MAX_VALUE;
		}
	}

	/**
	 * What a record is the same as: its event, as often as it was re-driven before (a
	 * record written twice carries the same event id; one dead-lettered again after a
	 * re-drive counts one more re-drive), or for a record with no event id, itself.
	 */
	private static String sameness(ConsumerRecord<String, byte[]> record, DeadLetter letter) {
		String event = EventHeaders.read(record.headers(), EventHeaders.ID);
		return (event != null) ? "event " + event + " after " + letter.redrives() + " re-drives" : letter.ref();
	}

	private static DeadLetter letter(ConsumerRecord<String, byte[]> record) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (Header header : record.headers()) {
			if (header.key().startsWith("kafka_dlt-") || header.key().startsWith("alert_")
					|| header.key().equals(EventHeaders.TYPE) || header.key().equals(EventHeaders.SUBJECT)) {
				headers.put(header.key(), masked(text(header)));
			}
		}
		String reason = firstOf(headers, BATCH_REASON_HEADER, "kafka_dlt-exception-message",
				"kafka_dlt-exception-cause-fqcn");
		return new DeadLetter(record.topic(), record.partition(), record.offset(),
				Instant.ofEpochMilli(record.timestamp()), (record.key() != null) ? masked(record.key()) : null,
				headers.get(EventHeaders.TYPE), headers.get(ORIGINAL_TOPIC_HEADER),
				(reason != null) ? reason : "no reason given", Map.copyOf(headers),
				(record.value() != null) ? record.value().length : 0, redrives(record.headers()), false, 1);
	}

	private static String text(Header header) {
		byte[] value = header.value();
		if (value == null) {
			return "";
		}
		if (header.key().endsWith("-partition") && value.length == 4) {
			return Integer.toString(ByteBuffer.wrap(value).getInt());
		}
		if ((header.key().endsWith("-offset") || header.key().endsWith("-timestamp")) && value.length == 8) {
			return Long.toString(ByteBuffer.wrap(value).getLong());
		}
		String text = new String(value, StandardCharsets.UTF_8);
		return (text.length() > 300) ? text.substring(0, 300) + "…" : text;
	}

	private static String masked(String text) {
		return ADDRESS.matcher(text).replaceAll("[address hidden]");
	}

	private static @Nullable String firstOf(Map<String, String> headers, String... names) {
		for (String name : names) {
			String value = headers.get(name);
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		return null;
	}

	@PreDestroy
	synchronized void close() {
		this.consumer.close(Duration.ZERO);
	}

	/**
	 * What became of one re-drive.
	 *
	 * @param ref the record, as {@code topic/partition/offset}
	 * @param done whether it was re-driven
	 * @param outcome where it went, or why it was refused
	 */
	public record Redrive(String ref, boolean done, String outcome) {
	}

	private record Listing(Map<TopicPartition, Long> ends, List<DeadLetter> letters) {
	}

}
