package org.solidarityalerts.ingest.webhook;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.sun.net.httpserver.HttpServer;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.solidarityalerts.ingest.IngestProperties;
import org.solidarityalerts.testsupport.TcpProxy;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MongoDB goes away while an endpoint has a webhook call in hand (a TCP proxy in front of
 * a real wire server is taken down before the endpoint answers 200): the sender cannot
 * record the delivery, says so in one line, and nothing escapes its thread (Awaitility
 * fails the wait on an exception that escapes any thread, as one did before). Once
 * MongoDB is back and the claim's lease has ended, the call is made again with the same
 * {@code webhook-id}, by which the endpoint knows it has it, and recorded as delivered.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebhookSenderMongoOutageTests {

	private static final Duration LEASE = Duration.ofSeconds(2);

	private final List<String> calls = new CopyOnWriteArrayList<>();

	private MongoServer mongoServer;

	private TcpProxy proxy;

	private MongoClient client;

	private HttpServer endpoint;

	private WebhookSender sender;

	@BeforeEach
	void start() throws Exception {
		this.mongoServer = new MongoServer(new MemoryBackend());
		this.mongoServer.bind("127.0.0.1", 0);
		this.proxy = new TcpProxy("127.0.0.1", this.mongoServer.getLocalAddress().getPort());
		this.client = MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + this.proxy.port() + "/ingest"))
			.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(500, TimeUnit.MILLISECONDS))
			.build());
		this.endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.endpoint.createContext("/hook", (exchange) -> {
			this.calls.add(exchange.getRequestHeaders().getFirst("webhook-id"));
			if (this.calls.size() == 1) {
				// MongoDB goes away while the first call is in the endpoint's hands.
				this.proxy.down();
			}
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.endpoint.start();
	}

	@AfterEach
	void stop() throws Exception {
		if (this.sender != null) {
			this.sender.destroy();
		}
		this.endpoint.stop(0);
		this.client.close();
		this.proxy.close();
		this.mongoServer.shutdownNow();
	}

	@Test
	void aDeliveryMongoDbCouldNotRecordIsLoggedAndCalledAgainWithTheSameIdOnceItIsBack(CapturedOutput output) {
		MongoTemplate mongo = new MongoTemplate(this.client, "ingest");
		WebhookStore store = new WebhookStore(mongo);
		IngestProperties properties = new Binder(new MapConfigurationPropertySource(
				Map.of("alert.ingest.webhooks.allow-http", "true", "alert.ingest.webhooks.allow-private-addresses",
						"true", "alert.ingest.webhooks.lease", LEASE.toMillis() + "ms")))
			.bindOrCreate("alert.ingest", IngestProperties.class);
		this.sender = new WebhookSender(store, properties, Clock.systemUTC(), null, new SimpleMeterRegistry());
		Instant now = Instant.now();
		byte[] key = new byte[24];
		new SecureRandom().nextBytes(key);
		store.register(new WebhookEndpoint("endpoint-1", "justice-for-dana",
				"http://127.0.0.1:" + this.endpoint.getAddress().getPort() + "/hook", null,
				"whsec_" + Base64.getEncoder().encodeToString(key), now));
		store.enqueue(new WebhookDelivery("event-1.endpoint-1", "endpoint-1", "justice-for-dana", "alert.published",
				"alert-1", "{\"type\":\"alert.published\"}", WebhookDelivery.Status.PENDING, 0, now, now, null, null,
				null, null, null, null));

		this.sender.wake();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> output.getOut()
				.contains("Webhook event-1.endpoint-1 to endpoint endpoint-1 not recorded, tried again once its "
						+ "lease ends: org.springframework.dao.DataAccessResourceFailureException"));
		assertThat(this.calls).containsExactly("event-1.endpoint-1");

		this.proxy.up();
		// The driver finds the server again within its heartbeat; reads fail until then.
		await().atMost(Duration.ofSeconds(30))
			.ignoreExceptionsInstanceOf(DataAccessResourceFailureException.class)
			.until(() -> {
				this.sender.wake();
				return store.recent("endpoint-1", 1).getFirst().status() == WebhookDelivery.Status.DELIVERED;
			});
		assertThat(this.calls).containsExactly("event-1.endpoint-1", "event-1.endpoint-1");
		WebhookDelivery delivered = store.recent("endpoint-1", 1).getFirst();
		assertThat(delivered.attempts()).isEqualTo(1);
		assertThat(delivered.lastError()).isNull();
		assertThat(output.getOut()).doesNotContain("failed (attempt");
	}

}
