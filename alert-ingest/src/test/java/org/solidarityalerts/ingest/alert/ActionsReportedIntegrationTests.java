package org.solidarityalerts.ingest.alert;

import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.ActionsReported;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.ingest.Api;
import org.solidarityalerts.ingest.Api.Reply;
import org.solidarityalerts.ingest.Drafts;
import org.solidarityalerts.ingest.IngestIntegrationTest;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.Role;
import org.solidarityalerts.testsupport.TestClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The organisation sees how many readers said they took each action of its alert: ingest
 * reads the totals dispatch publishes and keeps the largest of each, so a total that
 * arrives late or twice never lowers the count; another organisation sees nothing.
 */
@IngestIntegrationTest
class ActionsReportedIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	ApiKeys apiKeys;

	@Autowired
	TestClock clock;

	@Autowired
	KafkaTemplate<String, ContractEvent> kafka;

	Api api;

	String key;

	@BeforeEach
	void organiser() {
		this.api = new Api(this.port);
		this.key = this.apiKeys.issue("org-" + UUID.randomUUID().toString().substring(0, 8), Role.ORGANISER, "test")
			.key();
	}

	@Test
	void theAlertsActionsShowTheLargestTotalDispatchPublishedForEach() {
		Reply posted = this.api.post("/api/v1/alerts", this.key,
				Drafts.of("urgent-action", this.clock.instant()).toString());
		assertThat(posted.status()).as(posted.toString()).isEqualTo(202);
		String id = posted.json().path("id").asString();
		AlertVersion version = new AlertVersion(AlertId.parse(id), 1);
		assertThat(this.api.get("/api/v1/alerts/" + id + "/actions-reported", this.key).json().path("actions").size())
			.as("nobody has reported yet")
			.isZero();

		publish(new ActionsReported(EventId.random(), ContractEvent.SCHEMA_VERSION, this.clock.instant(), version, 0,
				"write", 12));
		publish(new ActionsReported(EventId.random(), ContractEvent.SCHEMA_VERSION, this.clock.instant(), version, 1,
				"embassy-protest", 3));
		publish(new ActionsReported(EventId.random(), ContractEvent.SCHEMA_VERSION,
				this.clock.instant().minusSeconds(60), version, 0, "write", 11));

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Reply reported = this.api.get("/api/v1/alerts/" + id + "/actions-reported", this.key);
			assertThat(reported.status()).as(reported.toString()).isEqualTo(200);
			assertThat(reported.json().path("alertId").asString()).isEqualTo(id);
			assertThat(reported.json().path("actions").size()).isEqualTo(2);
			assertThat(reported.json().at("/actions/0/kind").asString()).isEqualTo("write");
			assertThat(reported.json().at("/actions/0/total").asLong()).as("a late, smaller total changes nothing")
				.isEqualTo(12);
			assertThat(reported.json().at("/actions/1/action").asInt()).isEqualTo(1);
			assertThat(reported.json().at("/actions/1/kind").asString()).isEqualTo("embassy-protest");
			assertThat(reported.json().at("/actions/1/total").asLong()).isEqualTo(3);
		});
		String other = this.apiKeys
			.issue("org-" + UUID.randomUUID().toString().substring(0, 8), Role.ORGANISER, "other")
			.key();
		assertThat(this.api.get("/api/v1/alerts/" + id + "/actions-reported", other).status()).isEqualTo(404);
	}

	private void publish(ActionsReported event) {
		ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(Topics.ACTION_REPORTS,
				event.alertId().toString(), event);
		EventHeaders.write(record.headers(), event, "/alert-dispatch");
		this.kafka.send(record).join();
	}

}
