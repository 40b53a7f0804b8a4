package org.solidarityalerts.dispatch.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryBatchRequested;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.DispatchApplication;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;
import org.solidarityalerts.testsupport.TestInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;

/**
 * A listener that throws an {@link Error} (here a class missing at run time) stops its
 * container. An orchestrator asking dispatch's health must hear "DOWN", not "UP" from a
 * service that no longer takes batches off the topic. (The test reads the listeners'
 * component: the overall status also depends on MongoDB's, which mongo-java-server does
 * not report as up.)
 */
@SpringBootTest(classes = DispatchApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=dispatch", "spring.profiles.active=local",
				"management.endpoint.health.show-details=always" })
@Import({ TestInfrastructure.Data.class, ScriptedSmtpServer.Configuration.class })
class ListenerErrorHealthIntegrationTests {

	@MockitoSpyBean
	DeliveryService deliveries;

	@Autowired
	KafkaTemplate<String, ContractEvent> kafka;

	@Autowired
	KafkaListenerEndpointRegistry registry;

	@LocalServerPort
	int port;

	@Test
	void aListenerThatThrowsAnErrorMakesTheServiceReportItselfDown() throws Exception {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(health().body()).contains("\"status\":\"UP\""));
		doThrow(new NoClassDefFoundError("simulated: a class missing at run time")).when(this.deliveries)
			.deliver(any());

		DeliveryBatchRequested batch = new DeliveryBatchRequested(EventId.random(), ContractEvent.SCHEMA_VERSION,
				Instant.now(), new AlertVersion(AlertId.random(), 1), 0, List.of(new SubscriberId(UUID.randomUUID())),
				1, null, false);
		ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(Topics.DELIVERIES_URGENT,
				batch.alertVersion().key() + "/0", batch);
		EventHeaders.write(record.headers(), batch, "/test");
		this.kafka.send(record).join();

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			HttpResponse<String> health = health();
			assertThat(health.statusCode()).isEqualTo(503);
			assertThat(health.body()).contains("\"status\":\"DOWN\"").contains("stopped unexpectedly");
		});
		assertThat(this.registry.getListenerContainer("deliveries-urgent").isInExpectedState()).isFalse();
		assertThat(this.registry.getListenerContainer("deliveries-bulk").isRunning()).isTrue();
	}

	private HttpResponse<String> health() throws Exception {
		try (HttpClient client = HttpClient.newHttpClient()) {
			return client.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health/listenerContainers"))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
	}

}
