package org.solidarityalerts.ingest.alert;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.AlertEvent.AlertPublished;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.Campaign;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.LocalizedContent;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.ingest.Api;
import org.solidarityalerts.ingest.Api.Reply;
import org.solidarityalerts.ingest.Drafts;
import org.solidarityalerts.ingest.IngestIntegrationTest;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.Role;
import org.solidarityalerts.testsupport.TestClock;
import org.solidarityalerts.testsupport.TopicReader;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What is stored is published, whatever happened between storing and publishing; and
 * nothing is published before its time.
 */
@IngestIntegrationTest
class DurablePublishingIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	ApiKeys apiKeys;

	@Autowired
	TestClock clock;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	KafkaConnectionDetails kafka;

	Api api;

	String key;

	@BeforeEach
	void organiser() {
		this.api = new Api(this.port);
		this.key = this.apiKeys.issue("org-" + UUID.randomUUID().toString().substring(0, 8), Role.ORGANISER, "test")
			.key();
	}

	@Test
	void anAlertThatACrashedInstanceStoredButNeverPublishedIsPublished() {
		// What a crash leaves behind: the alert stored with its event in the outbox, no
		// signal to any relay, and the crashed relay's lease on it (now run out).
		Instant now = this.clock.instant();
		AlertId id = AlertId.random();
		AlertSnapshot snapshot = new AlertSnapshot(id, 1, AlertKind.URGENT_ACTION, "crashed-org",
				new Campaign("free-dana-serikova", "Free Dana Serikova"), "KZ", List.of(), "en",
				java.util.Map.of("en",
						new LocalizedContent("Dana Serikova on hunger strike", "Write today.", null, null)),
				List.of(), now, null, null);
		AlertPublished published = new AlertPublished(EventId.random(), ContractEvent.SCHEMA_VERSION, now, snapshot);
		this.mongo.insert(new StoredAlert(id.toString(), "crashed-org", AlertKind.URGENT_ACTION, "free-dana-serikova",
				"Free Dana Serikova", false, 1, now, now, now, List.of(AlertService.outboxEntry(published, now, now)),
				true, now, now.minusSeconds(1), "lease-of-the-crashed-relay"));

		ConsumerRecord<String, byte[]> record = awaitRecords(Topics.ALERTS_URGENT, id.toString(), 1).getFirst();

		assertThat(new String(record.headers().lastHeader("ce_id").value())).isEqualTo(published.eventId().toString());
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			StoredAlert stored = this.mongo.findById(id.toString(), StoredAlert.class);
			assertThat(stored.pending()).isFalse();
			assertThat(stored.events().getFirst().publishedAt()).isNotNull();
		});
	}

	@Test
	void anEmbargoedAlertIsPublishedAtItsPublishAtAndNotBefore() {
		Instant publishAt = this.clock.instant().plus(1, ChronoUnit.HOURS);
		ObjectNode draft = Drafts.of("urgent-action", this.clock.instant()).put("publishAt", publishAt.toString());

		Reply posted = this.api.post("/api/v1/alerts", this.key, draft.toString());

		assertThat(posted.status()).as(posted.toString()).isEqualTo(202);
		assertThat(posted.json().path("publishing").asString()).isEqualTo("scheduled");
		String id = posted.json().path("id").asString();
		try (TopicReader reader = reader(Topics.ALERTS_URGENT)) {
			// Several relay polls (every 200 ms in tests) pass without publishing it.
			await().during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(4))
				.until(() -> reader.records().stream().noneMatch((record) -> id.equals(record.key())));
			this.clock.advance(Duration.between(this.clock.instant(), publishAt).plusSeconds(1));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> reader.records().stream().anyMatch((record) -> id.equals(record.key())));
		}
		// The outbox records the publication just after Kafka acknowledged the record.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(
					this.api.get("/api/v1/alerts/" + id, this.key).json().path("publishing").asString())
				.isEqualTo("published"));
	}

	@Test
	void anUpdateOfAnEmbargoedAlertWaitsForTheEmbargoToo() {
		Instant publishAt = this.clock.instant().plus(1, ChronoUnit.HOURS);
		ObjectNode draft = Drafts.of("appeal", this.clock.instant()).put("publishAt", publishAt.toString());
		String id = this.api.post("/api/v1/alerts", this.key, draft.toString()).json().path("id").asString();

		Reply updated = this.api.put("/api/v1/alerts/" + id, this.key,
				Drafts.of("appeal", this.clock.instant()).toString());

		assertThat(updated.status()).isEqualTo(202);
		assertThat(updated.json().path("publishing").asString()).isEqualTo("scheduled");
		assertThat(Instant.parse(updated.json().path("current").path("publishAt").asString()))
			.isEqualTo(publishAt.truncatedTo(ChronoUnit.MILLIS));
		try (TopicReader reader = reader(Topics.ALERTS_STANDARD)) {
			await().during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(3))
				.until(() -> reader.records().stream().noneMatch((record) -> id.equals(record.key())));
		}
	}

	private TopicReader reader(String topic) {
		return new TopicReader(String.join(",", this.kafka.getBootstrapServers()), topic);
	}

	private List<ConsumerRecord<String, byte[]>> awaitRecords(String topic, String key, int count) {
		try (TopicReader reader = reader(topic)) {
			return await().atMost(Duration.ofSeconds(30))
				.until(() -> reader.records().stream().filter((record) -> key.equals(record.key())).toList(),
						(records) -> records.size() >= count);
		}
	}

}
