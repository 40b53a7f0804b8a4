package org.solidarityalerts.ingest.operations;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.solidarityalerts.ingest.Api;
import org.solidarityalerts.ingest.Api.Reply;
import org.solidarityalerts.ingest.Drafts;
import org.solidarityalerts.ingest.IngestIntegrationTest;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.Role;
import org.solidarityalerts.testsupport.TestClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ingest as deployed (outside the local profile): Prometheus and the probes answer on the
 * management port and not on the public one; the outbox's figures follow what the relay
 * publishes; health is UP with MongoDB answering ping.
 */
@IngestIntegrationTest
class ManagementPortIntegrationTests {

	private static final Pattern PUBLISHED = Pattern
		.compile("(?m)^alert_ingest_outbox_published_total\\{[^}]*\\} ([0-9.E]+)$");

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	ApiKeys apiKeys;

	@Autowired
	TestClock clock;

	@Test
	void prometheusIsScrapedOnTheManagementPortOnlyAndCountsPublishedEvents() {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		double before = published();
		String key = this.apiKeys.issue("org-" + UUID.randomUUID().toString().substring(0, 8), Role.ORGANISER, "test")
			.key();
		Reply posted = new Api(this.port).post("/api/v1/alerts", key,
				Drafts.of("urgent-action", this.clock.instant()).toString());
		assertThat(posted.status()).as(posted.toString()).isEqualTo(202);

		await().untilAsserted(() -> assertThat(published()).isGreaterThanOrEqualTo(before + 1));
		String metrics = new Api(this.managementPort).get("/actuator/prometheus", null).body();
		assertThat(metrics).contains("alert_ingest_outbox_backlog", "alert_ingest_outbox_oldest_age_seconds",
				"alert_ingest_outbox_publish_failures_total", "application=\"alert-ingest\"");
		assertThat(new Api(this.port).get("/actuator/prometheus", null).status()).isNotEqualTo(200);
	}

	@Test
	void healthIsUpAndSplitIntoLivenessAndReadiness() {
		Reply health = new Api(this.managementPort).get("/actuator/health", null);
		assertThat(health.status()).as(health.toString()).isEqualTo(200);
		assertThat(health.json().path("status").asString()).isEqualTo("UP");
		assertThat(new Api(this.managementPort).get("/actuator/health/liveness", null).status()).isEqualTo(200);
		assertThat(new Api(this.managementPort).get("/actuator/health/readiness", null).status()).isEqualTo(200);
	}

	private double published() {
		String metrics = new Api(this.managementPort).get("/actuator/prometheus", null).body();
		Matcher matcher = PUBLISHED.matcher(metrics);
		assertThat(matcher.find()).as(metrics).isTrue();
		return Double.parseDouble(matcher.group(1));
	}

}
