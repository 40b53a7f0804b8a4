package org.solidarityalerts.local.reliability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.DispatchApplication;
import org.solidarityalerts.testsupport.DeliveryOracle;
import org.solidarityalerts.testsupport.JavaProcess;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;
import org.solidarityalerts.testsupport.TopicReader;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dispatch runs in a JVM of its own and is killed as {@code kill -9} would, in the middle
 * of sending an urgent action to sixty followers, with SMTP sessions open. A new instance
 * takes over: everyone not yet sent to is sent to, nobody twice, and what the killed
 * instance had handed to the SMTP server without recording is dead-lettered in doubt,
 * never resent.
 */
@SpringBootTest(classes = ReliabilityServers.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class DispatchKilledMidFanOutIntegrationTests {

	private static final int FOLLOWERS = 60;

	private static final int CONNECTIONS = 2;

	@Autowired
	ReliabilityServers.Addresses servers;

	@Autowired
	MongoClient mongoClient;

	@Autowired
	ScriptedSmtpServer smtp;

	ReliabilityRig rig;

	@BeforeEach
	void startIngest() {
		this.rig = new ReliabilityRig(this.servers.bootstrap(), this.servers.mongoUri(), this.mongoClient);
	}

	@AfterEach
	void stop() {
		this.rig.close();
	}

	@Test
	void aDispatchKilledInTheMiddleOfAFanOutIsTakenOverAndNobodyIsMailedTwiceOrForgotten() throws Exception {
		Map<String, Object> properties = this.rig.dispatchProperties(this.smtp.port());
		List<String> followers = this.rig.followers("killed-mid-fan-out", FOLLOWERS);
		DeliveryOracle oracle = this.rig.oracle(this.smtp::received);
		Path logs = Path.of("target", "reliability");
		try (JavaProcess first = JavaProcess.start(DispatchApplication.class.getName(), properties,
				logs.resolve("dispatch-killed.log"))) {
			await().atMost(Duration.ofSeconds(90)).until(() -> first.output().contains("Started DispatchApplication"));
			this.smtp.holdAfter(FOLLOWERS / 3);

			String alertId = this.rig.postUrgentAction("killed-mid-fan-out");
			oracle.acknowledged(alertId, 1, followers);

			await().atMost(Duration.ofSeconds(60))
				.until(() -> this.smtp.received().size() >= FOLLOWERS / 3 && this.smtp.held() > 0);
			int beforeKill = this.smtp.received().size();
			first.kill();
			this.smtp.release();
			assertThat(first.handle().isAlive()).isFalse();
			long recoveryStarted = System.nanoTime();

			try (JavaProcess second = JavaProcess.start(DispatchApplication.class.getName(), properties,
					logs.resolve("dispatch-restarted.log"))) {
				DeliveryOracle.Verdict verdict = oracle
					.awaitVerdict("dispatch killed (kill -9) mid-fan-out, then restarted", Duration.ofSeconds(120),
							recoveryStarted)
					.assertNothingLostOrDuplicated(CONNECTIONS);
				assertThat(verdict.accepted()).as("the restarted instance sent the rest").isGreaterThan(beforeKill);
				assertThat(first.output() + second.output()).as("dispatch's logs").doesNotContain("@example.org");
				for (String topic : List.of(Topics.ALERTS_URGENT, Topics.DELIVERIES_URGENT, Topics.DELIVERY_RETRIES,
						Topics.DELIVERY_OUTCOMES, Topics.deadLetterOf(Topics.DELIVERY_RETRIES))) {
					try (TopicReader reader = new TopicReader(this.servers.bootstrap(), topic)) {
						assertThat(reader.records()).as(topic).allSatisfy((record) -> {
							assertThat(new String(record.value(), StandardCharsets.UTF_8))
								.doesNotContain("@example.org");
							for (Header header : record.headers()) {
								if (TopicReader.isText(header)) {
									assertThat(new String(header.value(), StandardCharsets.UTF_8))
										.as(topic + " " + header.key())
										.doesNotContain("@example.org");
								}
							}
						});
					}
				}
			}
		}
	}

}
