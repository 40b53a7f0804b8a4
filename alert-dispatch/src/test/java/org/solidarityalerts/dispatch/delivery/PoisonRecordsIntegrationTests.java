package org.solidarityalerts.dispatch.delivery;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryBatchRequested;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dispatch.DispatchApplication;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;
import org.solidarityalerts.testsupport.TestInfrastructure;
import org.solidarityalerts.testsupport.TopicReader;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Poison on the topics {@link DeliveryFaultsIntegrationTests} does not cover
 * ({@code alerts.standard}, {@code deliveries.bulk}, {@code deliveries.retry} and its
 * 30-second tier, dead-lettered to {@code deliveries.retry.dlt}; it covers
 * {@code alerts.urgent} and {@code deliveries.urgent}): bytes that are not JSON, an
 * unknown type, an event of the wrong kind for the topic, a schema version from the
 * future, a batch for an alert nobody knows, and a tombstone (no value). Each goes to the
 * topic's dead-letter topic with its original bytes and no address, is logged in one line
 * that names it, and every listener keeps running.
 */
@SpringBootTest(classes = DispatchApplication.class,
		properties = { "spring.config.name=dispatch", "spring.profiles.active=local" })
@Import({ TestInfrastructure.Data.class, ScriptedSmtpServer.Configuration.class })
@ExtendWith(OutputCaptureExtension.class)
class PoisonRecordsIntegrationTests {

	private static final String TOMBSTONE = "(no value)";

	@Autowired
	KafkaConnectionDetails kafka;

	@Autowired
	KafkaListenerEndpointRegistry registry;

	@ParameterizedTest(name = "poison on {0}")
	@ValueSource(strings = { Topics.ALERTS_STANDARD, Topics.DELIVERIES_BULK, Topics.DELIVERY_RETRIES,
			Topics.DELIVERY_RETRY_TIER_PREFIX + "30s" })
	void poisonOnATopicIsDeadLetteredWithItsOriginalBytesAndTheListenersKeepRunning(String topic,
			CapturedOutput output) {
		String key = "poison-" + UUID.randomUUID();
		String batch = WireFormat.jsonMapper()
			.writeValueAsString(new DeliveryBatchRequested(EventId.random(), ContractEvent.SCHEMA_VERSION,
					Instant.now(), new AlertVersion(AlertId.random(), 1), 0,
					List.of(new SubscriberId(UUID.randomUUID())), 1, null, false));
		List<String> poison = List.of("this is not json", "{\"type\":\"alert.exploded\"}",
				batch.replace("\"schemaVersion\":" + ContractEvent.SCHEMA_VERSION, "\"schemaVersion\":99"),
				topic.startsWith("alerts") ? batch : "{\"type\":\"fanout.audience-resolved\",\"schemaVersion\":1}",
				topic.startsWith("alerts") ? "{}" : batch);
		String bootstrap = String.join(",", this.kafka.getBootstrapServers());
		// Every retry tier shares the dead-letter topic of deliveries.retry.
		String deadLetterTopic = Topics
			.deadLetterOf(topic.startsWith(Topics.DELIVERY_RETRY_TIER_PREFIX) ? Topics.DELIVERY_RETRIES : topic);
		try (TopicReader deadLetters = new TopicReader(bootstrap, deadLetterTopic);
				KafkaProducer<String, byte[]> foreign = new KafkaProducer<>(
						Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
						new ByteArraySerializer())) {
			poison.forEach(
					(value) -> foreign.send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8))));
			// A tombstone, as a producer deleting the key in a compacted topic sends it.
			foreign.send(new ProducerRecord<>(topic, key, null));
			foreign.flush();
			List<String> expected = Stream.concat(poison.stream(), Stream.of(TOMBSTONE)).toList();

			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				List<ConsumerRecord<String, byte[]>> dead = deadLetters.records()
					.stream()
					.filter((record) -> key.equals(record.key()))
					.toList();
				assertThat(dead).map((record) -> (record.value() != null)
						? new String(record.value(), StandardCharsets.UTF_8) : TOMBSTONE)
					.containsExactlyElementsOf(expected);
				assertThat(dead).allSatisfy((record) -> {
					assertThat(record.headers().lastHeader("kafka_dlt-original-topic").value())
						.asString(StandardCharsets.UTF_8)
						.isEqualTo(topic);
					for (Header header : record.headers()) {
						if (TopicReader.isText(header)) {
							assertThat(new String(header.value(), StandardCharsets.UTF_8)).as(header.key())
								.doesNotContain("@");
						}
					}
					if (record.value() == null) {
						assertThat(record.headers().lastHeader("kafka_dlt-exception-message").value())
							.asString(StandardCharsets.UTF_8)
							.isEqualTo("A record without a value (a tombstone): there is no event in it");
					}
					// One line in the log for each, naming the record, not quoting it.
					int partition = ByteBuffer.wrap(record.headers().lastHeader("kafka_dlt-original-partition").value())
						.getInt();
					long offset = ByteBuffer.wrap(record.headers().lastHeader("kafka_dlt-original-offset").value())
						.getLong();
					assertThat(output.getOut())
						.contains("Dead-lettered record " + topic + "-" + partition + "@" + offset + ": ");
				});
			});
		}
		assertThat(this.registry.getListenerContainers()).allSatisfy((container) -> {
			assertThat(container.isRunning()).as(container.getListenerId()).isTrue();
			assertThat(container.isInExpectedState()).as(container.getListenerId()).isTrue();
		});
	}

}
