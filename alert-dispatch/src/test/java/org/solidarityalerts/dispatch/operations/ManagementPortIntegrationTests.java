package org.solidarityalerts.dispatch.operations;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.DispatchApplication;
import org.solidarityalerts.testsupport.TestInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaAdmin;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dispatch as deployed, outside the local profile with secrets of its own: Prometheus and
 * the probes answer on the management port and not on the public one, MongoDB's health is
 * UP on the in-process server too, and liveness includes the listener containers (so a
 * dead listener gets dispatch restarted). Dead-letter topics keep their records 90 days;
 * other topics' retention comes from properties.
 */
@SpringBootTest(classes = DispatchApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=dispatch", "management.endpoint.health.show-details=always",
				"alert.dispatch.kafka-topics.retention[alerts.urgent]=7d",
				"alert.dispatch.mail.public-url=https://alerts.test",
				"alert.dispatch.subscription.token-secret=a-test-token-secret-of-this-deployment-only",
				"alert.dispatch.suppression.secret=a-test-suppression-secret-of-this-deployment-only",
				"alert.dispatch.preview.token=a-test-preview-token-of-this-deployment-only" })
@Import(TestInfrastructure.class)
class ManagementPortIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	KafkaAdmin kafkaAdmin;

	@Test
	void prometheusIsScrapedOnTheManagementPortOnly() throws Exception {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		HttpResponse<String> metrics = get(this.managementPort, "/actuator/prometheus");
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("jvm_memory_used_bytes", "application=\"alert-dispatch\"",
				"alert_dispatch_deliveries_total{application=\"alert-dispatch\",outcome=\"sent\"}",
				"alert_dispatch_smtp_send_seconds_bucket", "alert_dispatch_fanout_duration_seconds_count",
				"alert_dispatch_retries_pending", "alert_dispatch_in_doubt",
				"alert_dispatch_feedback_total{application=\"alert-dispatch\",kind=\"bounce\"}");
		assertThat(get(this.port, "/actuator/prometheus").statusCode()).isNotEqualTo(200);
	}

	@Test
	void healthIsUpWithMongoDbAnsweringPing() throws Exception {
		HttpResponse<String> health = get(this.managementPort, "/actuator/health");
		assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
		assertThat(health.body()).endsWith("\"status\":\"UP\"}")
			.contains("\"mongo\":{\"details\":{\"database\":\"alerts\",\"ping\":1.0},\"status\":\"UP\"}");
	}

	@Test
	void livenessIncludesTheListenerContainersAndReadinessMongoDb() throws Exception {
		HttpResponse<String> liveness = get(this.managementPort, "/actuator/health/liveness");
		assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
		assertThat(liveness.body()).contains("\"listenerContainers\"", "\"livenessState\"").doesNotContain("mongo");
		HttpResponse<String> readiness = get(this.managementPort, "/actuator/health/readiness");
		assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
		assertThat(readiness.body()).contains("\"mongo\"", "\"readinessState\"");
	}

	@Test
	void everyDeadLetterTopicKeepsItsRecordsNinetyDays() throws Exception {
		List<ConfigResource> deadLetters = Topics.ALL.stream()
			.filter(Topics.TopicSpec::deadLetters)
			.map((topic) -> new ConfigResource(ConfigResource.Type.TOPIC, Topics.deadLetterOf(topic.name())))
			.toList();
		assertThat(deadLetters).isNotEmpty();
		try (Admin admin = Admin.create(this.kafkaAdmin.getConfigurationProperties())) {
			Map<ConfigResource, Config> configs = admin.describeConfigs(deadLetters).all().get(30, TimeUnit.SECONDS);
			for (ConfigResource topic : deadLetters) {
				assertThat(configs.get(topic).get("retention.ms").value()).as(topic.name())
					.isEqualTo(Long.toString(Duration.ofDays(90).toMillis()));
			}
			ConfigResource urgent = new ConfigResource(ConfigResource.Type.TOPIC, Topics.ALERTS_URGENT);
			assertThat(admin.describeConfigs(List.of(urgent))
				.all()
				.get(30, TimeUnit.SECONDS)
				.get(urgent)
				.get("retention.ms")
				.value()).isEqualTo(Long.toString(Duration.ofDays(7).toMillis()));
		}
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
