package org.solidarityalerts.ingest.publishing;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.ingest.Api;
import org.solidarityalerts.ingest.Api.Reply;
import org.solidarityalerts.ingest.Drafts;
import org.solidarityalerts.ingest.IngestApplication;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.Role;
import org.solidarityalerts.testsupport.TopicReader;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An alert posted while Kafka is down is accepted, kept, and published once Kafka is
 * back. The application is started here, against a broker port where nothing listens yet;
 * the broker is started on that port later.
 */
class KafkaOutageIntegrationTests {

	private MongoServer mongo;

	private ConfigurableApplicationContext ingest;

	private EmbeddedKafkaKraftBroker kafka;

	@AfterEach
	void stop() {
		if (this.ingest != null) {
			this.ingest.close();
		}
		if (this.kafka != null) {
			this.kafka.destroy();
		}
		if (this.mongo != null) {
			this.mongo.shutdownNow();
		}
	}

	@Test
	void anAlertPostedWhileKafkaIsDownIsPublishedOnceKafkaIsBack() throws Exception {
		int kafkaPort = freePort();
		this.mongo = new MongoServer(new MemoryBackend());
		this.mongo.bind("127.0.0.1", 0);
		this.ingest = IngestApplication.builder()
			.properties("server.port=0", "spring.kafka.bootstrap-servers=127.0.0.1:" + kafkaPort,
					"spring.kafka.admin.operation-timeout=2s", "spring.kafka.admin.close-timeout=1s",
					"spring.kafka.admin.properties.request.timeout.ms=1000",
					"spring.kafka.admin.properties.default.api.timeout.ms=2000",
					"spring.kafka.producer.properties.max.block.ms=1000",
					"spring.kafka.producer.properties.request.timeout.ms=1000",
					"spring.kafka.producer.properties.delivery.timeout.ms=2000",
					"spring.mongodb.uri=" + this.mongo.getConnectionString(), "spring.mongodb.database=alerts",
					"alert.ingest.relay.poll-interval=200ms", "alert.ingest.relay.send-timeout=3s")
			.run();
		Api api = new Api(((WebServerApplicationContext) this.ingest).getWebServer().getPort());
		String key = this.ingest.getBean(ApiKeys.class).issue("justice-for-dana", Role.ORGANISER, "test").key();

		Reply posted = api.post("/api/v1/alerts", key, Drafts.of("urgent-action", Instant.now()).toString());

		assertThat(posted.status()).as(posted.toString()).isEqualTo(202);
		String id = posted.json().path("id").asString();
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(5))
			.until(() -> api.get("/api/v1/alerts/" + id, key).json().path("publishing").asString().equals("pending"));

		this.kafka = new EmbeddedKafkaKraftBroker(1, 3, Topics.ALERTS_URGENT, Topics.ALERTS_STANDARD);
		this.kafka.kafkaPorts(kafkaPort);
		this.kafka.afterPropertiesSet();

		try (TopicReader reader = new TopicReader(this.kafka.getBrokersAsString(), Topics.ALERTS_URGENT)) {
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(reader.records()).filteredOn((record) -> id.equals(record.key()))
					.isNotEmpty());
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> api.get("/api/v1/alerts/" + id, key).json().path("publishing").asString().equals("published"));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
