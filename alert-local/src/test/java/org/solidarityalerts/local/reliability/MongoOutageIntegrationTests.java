package org.solidarityalerts.local.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.testsupport.DeliveryOracle;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;
import org.solidarityalerts.testsupport.TcpProxy;
import org.solidarityalerts.testsupport.TestInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dispatch loses its MongoDB (a TCP proxy in front of it is taken down) in the middle of
 * a fan-out, for longer than the listeners' retry backoff (4 attempts, 0.5s doubling, so
 * about 7.5s plus the server selection timeouts); {@code -Dreliability.mongo-down} (15s
 * by default) sets how long. When MongoDB is back, every follower is mailed once.
 */
@SpringBootTest(classes = ReliabilityServers.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class MongoOutageIntegrationTests {

	private static final int FOLLOWERS = 40;

	private static final Duration DOWN = Duration.parse("PT" + System.getProperty("reliability.mongo-down", "15s"));

	@Autowired
	ReliabilityServers.Addresses servers;

	@Autowired
	MongoClient mongoClient;

	@Autowired
	ScriptedSmtpServer smtp;

	ReliabilityRig rig;

	TcpProxy proxy;

	@BeforeEach
	void start() {
		this.rig = new ReliabilityRig(this.servers.bootstrap(), this.servers.mongoUri(), this.mongoClient);
		this.proxy = this.servers.mongoProxy();
	}

	@AfterEach
	void stop() {
		this.smtp.clear();
		this.proxy.up();
		this.rig.close();
		this.proxy.close();
	}

	@Test
	void whenMongoIsUnreachableForLongerThanTheRetryBackoffEveryFollowerIsStillMailedOnce() throws Exception {
		Map<String, Object> properties = this.rig.dispatchProperties(this.smtp.port());
		properties.put("spring.mongodb.uri", ReliabilityServers.Addresses.through(this.proxy));
		ConfigurableApplicationContext dispatch = this.rig.startDispatch(properties);
		List<String> followers = this.rig.followers("mongo-outage", FOLLOWERS);
		DeliveryOracle oracle = this.rig.oracle(this.smtp::received);
		this.smtp.holdAfter(10);

		String alertId = this.rig.postUrgentAction("mongo-outage");
		oracle.acknowledged(alertId, 1, followers);
		await().atMost(Duration.ofSeconds(60)).until(() -> this.smtp.held() > 0);
		this.proxy.down();
		this.smtp.release();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.smtp.held() == 0);
		int sentBeforeTheOutage = this.smtp.received().size();
		// Without its ledger dispatch must not send: nothing beyond what the held
		// sessions
		// had in hand arrives while MongoDB stays down.
		await().during(DOWN)
			.atMost(DOWN.plusSeconds(10))
			.until(() -> this.smtp.received().size() <= sentBeforeTheOutage + 2);
		// Someone signing up meanwhile is told to try again later; nothing is stored.
		HttpResponse<String> signUp = signUp(dispatch, "meanwhile@example.org");
		assertThat(signUp.statusCode()).isEqualTo(503);
		assertThat(signUp.headers().firstValue("Retry-After")).hasValue("120");
		assertThat(signUp.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(signUp.body()).contains("nothing was stored").doesNotContain("meanwhile@example.org");
		this.proxy.up();
		long recoveryStarted = System.nanoTime();

		oracle
			.awaitVerdict("MongoDB unreachable for " + DOWN.toSeconds() + "s mid-fan-out", Duration.ofSeconds(120),
					recoveryStarted)
			.assertNothingLostOrDuplicated(2);
		this.rig.assertNoListenerStoppedOrHung();
		assertThat(this.mongoClient.getDatabase(TestInfrastructure.DATABASE)
			.getCollection("sign_up_requests")
			.countDocuments(new Document("email", "meanwhile@example.org"))).as("sign-ups stored meanwhile").isZero();
	}

	private static HttpResponse<String> signUp(ConfigurableApplicationContext dispatch, String email) throws Exception {
		int port = ((WebServerApplicationContext) dispatch).getWebServer().getPort();
		try (HttpClient http = HttpClient.newHttpClient()) {
			return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/subscriptions"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"email\": \"" + email + "\", \"campaigns\": [\"mongo-outage\"], \"consent\": true}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
	}

}
