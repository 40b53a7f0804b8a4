package org.solidarityalerts.ingest.operations;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.ingest.Api;
import org.solidarityalerts.ingest.Api.Reply;
import org.solidarityalerts.ingest.Drafts;
import org.solidarityalerts.ingest.IngestIntegrationTest;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.Role;
import org.solidarityalerts.testsupport.TestClock;
import org.solidarityalerts.testsupport.TopicReader;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The trace of an organiser's request goes through the outbox: the record the relay
 * publishes, later and on another thread, carries a {@code traceparent} of the same
 * trace, which dispatch's listeners continue.
 */
@IngestIntegrationTest
class OutboxTracingIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	ApiKeys apiKeys;

	@Autowired
	TestClock clock;

	@Autowired
	KafkaConnectionDetails kafka;

	@Test
	void theRecordPublishedFromTheOutboxBelongsToTheTraceOfTheRequest() {
		String traceId = HexFormat.of().formatHex(randomBytes(16));
		String key = this.apiKeys.issue("org-" + UUID.randomUUID().toString().substring(0, 8), Role.ORGANISER, "test")
			.key();
		Reply posted = new Api(this.port).post("/api/v1/alerts", key,
				Drafts.of("urgent-action", this.clock.instant()).toString(), "traceparent",
				"00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01");
		assertThat(posted.status()).as(posted.toString()).isEqualTo(202);
		String alertId = posted.json().path("id").asString();

		try (TopicReader reader = new TopicReader(String.join(",", this.kafka.getBootstrapServers()),
				Topics.ALERTS_URGENT)) {
			List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(30))
				.until(() -> reader.records().stream().filter((record) -> alertId.equals(record.key())).toList(),
						(found) -> !found.isEmpty());
			Header traceparent = records.getFirst().headers().lastHeader("traceparent");
			assertThat(traceparent).as("traceparent header").isNotNull();
			assertThat(new String(traceparent.value(), StandardCharsets.US_ASCII)).startsWith("00-" + traceId + "-");
		}
	}

	private static byte[] randomBytes(int count) {
		byte[] bytes = new byte[count];
		ThreadLocalRandom.current().nextBytes(bytes);
		bytes[0] = (byte) (bytes[0] | 1);
		return bytes;
	}

}
