package org.solidarityalerts.ingest.publishing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An alert posted while Kafka is down is accepted, kept, and published once Kafka is
 * back, urgent actions first, also when Kafka could take everything but them for a while.
 * The application is started here, against a broker port where nothing listens yet; the
 * broker is started on that port later.
 */
class KafkaOutageIntegrationTests {

	private MongoServer mongo;

	private ConfigurableApplicationContext ingest;

	private EmbeddedKafkaKraftBroker kafka;

	private PortForwarder forwarder;

	private Api api;

	private String key;

	@AfterEach
	void stop() throws IOException {
		if (this.ingest != null) {
			this.ingest.close();
		}
		if (this.forwarder != null) {
			this.forwarder.close();
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
		int kafkaPort = startIngestWithoutKafka();
		Reply posted = this.api.post("/api/v1/alerts", this.key, Drafts.of("urgent-action", Instant.now()).toString());

		assertThat(posted.status()).as(posted.toString()).isEqualTo(202);
		String id = posted.json().path("id").asString();
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(5))
			.until(() -> publishing(id).equals("pending"));

		bringKafkaBack(kafkaPort);
		try (TopicReader reader = new TopicReader(this.kafka.getBrokersAsString(), Topics.ALERTS_URGENT)) {
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(reader.records()).filteredOn((record) -> id.equals(record.key()))
					.isNotEmpty());
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> publishing(id).equals("published"));
	}

	@Test
	void anUrgentActionPostedLastWhileKafkaIsDownIsPublishedFirstOnceKafkaIsBack() throws Exception {
		int kafkaPort = startIngestWithoutKafka();
		List<String> appeals = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			appeals.add(post("appeal"));
		}
		String urgent = post("urgent-action");
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> publishing(urgent).equals("pending"));

		bringKafkaBack(kafkaPort);
		// The relay publishes one alert at a time, each once Kafka acknowledged the one
		// before: posted last, the urgent action went first.
		Published published = awaitUrgentActionFirst(urgent, appeals);
		assertThat(Collections.max(published.appeals())).isGreaterThan(published.urgentAction());
		for (String id : appeals) {
			await().atMost(Duration.ofSeconds(10)).until(() -> publishing(id).equals("published"));
		}
	}

	@Test
	void anUrgentActionKafkaCannotTakeYetIsNotOvertakenByTheAppealsPostedAfterIt() throws Exception {
		bringKafkaBack(startIngestWithoutKafka());
		// Kafka is up, but cannot take urgent actions for a while: their topic is gone.
		this.kafka.doWithAdmin((admin) -> {
			try {
				admin.deleteTopics(List.of(Topics.ALERTS_URGENT)).all().get();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			catch (java.util.concurrent.ExecutionException ex) {
				throw new IllegalStateException(ex.getCause());
			}
		});
		await().atMost(Duration.ofSeconds(30)).until(() -> !topics(this.kafka).contains(Topics.ALERTS_URGENT));
		MeterRegistry meters = this.ingest.getBean(MeterRegistry.class);
		double failedBefore = meters.counter("alert.ingest.outbox.publish.failures").count();

		String urgent = post("urgent-action");
		List<String> appeals = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			appeals.add(post("appeal"));
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> meters.counter("alert.ingest.outbox.publish.failures").count() >= failedBefore + 2);
		// Kafka would take the appeals: none goes ahead of the urgent action.
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(4))
			.untilAsserted(
					() -> assertThat(appeals).allSatisfy((id) -> assertThat(publishing(id)).isEqualTo("pending")));
		assertThat(publishing(urgent)).isEqualTo("pending");

		this.ingest.getBean(KafkaAdmin.class).initialize();
		awaitUrgentActionFirst(urgent, appeals);
	}

	/**
	 * Waits until every appeal is on its topic, and checks that the urgent action was
	 * published first.
	 * @return when each was published (the records' timestamps)
	 */
	private Published awaitUrgentActionFirst(String urgent, List<String> appeals) {
		try (TopicReader urgentTopic = new TopicReader(this.kafka.getBrokersAsString(), Topics.ALERTS_URGENT);
				TopicReader standardTopic = new TopicReader(this.kafka.getBrokersAsString(), Topics.ALERTS_STANDARD)) {
			List<ConsumerRecord<String, byte[]>> standard = new ArrayList<>();
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				standard.clear();
				standard.addAll(standardTopic.records());
				assertThat(standard).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(appeals);
			});
			ConsumerRecord<String, byte[]> first = urgentTopic.records().getFirst();
			assertThat(first.key()).isEqualTo(urgent);
			List<Long> appealsSent = standard.stream().map(ConsumerRecord::timestamp).toList();
			assertThat(appealsSent).allSatisfy((sent) -> assertThat(sent).isGreaterThanOrEqualTo(first.timestamp()));
			return new Published(first.timestamp(), appealsSent);
		}
	}

	/**
	 * When the urgent action and the appeals were published.
	 *
	 * @param urgentAction the urgent action's record timestamp
	 * @param appeals the appeals' record timestamps
	 */
	private record Published(long urgentAction, List<Long> appeals) {

	}

	/**
	 * Starts ingest against a broker port where nothing listens yet.
	 * @return the port the broker is to listen on
	 */
	private int startIngestWithoutKafka() throws IOException {
		int kafkaPort = freePort();
		this.mongo = new MongoServer(new MemoryBackend());
		this.mongo.bind("127.0.0.1", 0);
		// Command-line arguments, as in production: they take precedence over ingest.yml.
		this.ingest = IngestApplication.builder()
			.run("--spring.profiles.active=local", "--server.port=0",
					"--spring.kafka.bootstrap-servers=127.0.0.1:" + kafkaPort,
					"--spring.kafka.admin.operation-timeout=2s", "--spring.kafka.admin.close-timeout=1s",
					"--spring.kafka.admin.properties.request.timeout.ms=1000",
					"--spring.kafka.admin.properties.default.api.timeout.ms=2000",
					"--spring.kafka.producer.properties.max.block.ms=1000",
					"--spring.kafka.producer.properties.request.timeout.ms=1000",
					"--spring.kafka.producer.properties.delivery.timeout.ms=2000",
					"--spring.mongodb.uri=" + this.mongo.getConnectionString(), "--spring.mongodb.database=alerts",
					"--alert.ingest.relay.poll-interval=200ms", "--alert.ingest.relay.send-timeout=3s");
		this.api = new Api(((WebServerApplicationContext) this.ingest).getWebServer().getPort());
		this.key = this.ingest.getBean(ApiKeys.class).issue("justice-for-dana", Role.ORGANISER, "test").key();
		return kafkaPort;
	}

	/**
	 * Starts a new, empty broker that creates no topic on its own (ingest must create the
	 * topics it could not create while Kafka was down), reached through the port ingest
	 * was given, and waits until ingest created the topics.
	 */
	private void bringKafkaBack(int kafkaPort) throws IOException {
		this.kafka = new EmbeddedKafkaKraftBroker(1, 3);
		this.kafka.brokerProperty("auto.create.topics.enable", "false");
		this.kafka.afterPropertiesSet();
		// The broker listens on a port of its own choosing; the application's bootstrap
		// address now forwards to it. Clients then connect to the broker it advertises.
		String broker = this.kafka.getBrokersAsString().split(",")[0];
		this.forwarder = new PortForwarder(kafkaPort, broker.substring(0, broker.lastIndexOf(':')),
				Integer.parseInt(broker.substring(broker.lastIndexOf(':') + 1)));
		await().atMost(Duration.ofSeconds(60)).until(() -> topics(this.kafka).contains(Topics.ALERTS_URGENT));
	}

	private String post(String kind) {
		Reply posted = this.api.post("/api/v1/alerts", this.key, Drafts.of(kind, Instant.now()).toString());
		assertThat(posted.status()).as(posted.toString()).isEqualTo(202);
		return posted.json().path("id").asString();
	}

	private String publishing(String id) {
		return this.api.get("/api/v1/alerts/" + id, this.key).json().path("publishing").asString();
	}

	private static java.util.Set<String> topics(EmbeddedKafkaKraftBroker broker) {
		return broker.doWithAdminFunction((admin) -> {
			try {
				return admin.listTopics().names().get();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			catch (java.util.concurrent.ExecutionException ex) {
				throw new IllegalStateException(ex.getCause());
			}
		});
	}

	/**
	 * Forwards the connections made to a port to another address, for as long as it is
	 * open.
	 */
	private static final class PortForwarder implements AutoCloseable {

		private final ServerSocket server;

		private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

		PortForwarder(int port, String host, int targetPort) throws IOException {
			this.server = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"));
			this.threads.execute(() -> {
				while (!this.server.isClosed()) {
					try {
						Socket client = this.server.accept();
						Socket target = new Socket(host, targetPort);
						this.threads.execute(() -> pipe(client, target));
						this.threads.execute(() -> pipe(target, client));
					}
					catch (IOException ex) {
						// closed, or the broker refused: the client retries
					}
				}
			});
		}

		private static void pipe(Socket from, Socket to) {
			try (from; to) {
				from.getInputStream().transferTo(to.getOutputStream());
			}
			catch (IOException ex) {
				// one side closed the connection
			}
		}

		@Override
		public void close() throws IOException {
			this.server.close();
			this.threads.shutdownNow();
		}

	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
