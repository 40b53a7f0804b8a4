package org.solidarityalerts.local.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.testsupport.DeliveryOracle;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A second dispatch instance joins while the first is sending an urgent action to two
 * hundred followers, takes over some delivery partitions, sends part of it, and leaves
 * before the fan-out is over. Each instance has an SMTP server of its own, so the test
 * sees who sent what: both sent some, nobody got it twice, nobody was missed.
 */
@SpringBootTest(classes = ReliabilityServers.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class RebalanceMidFanOutIntegrationTests {

	private static final int FOLLOWERS = 200;

	/**
	 * Each SMTP server's time to answer a message, so that the fan-out takes long enough
	 * for a second instance to join it.
	 */
	private static final Duration LATENCY = Duration.ofMillis(60);

	/**
	 * The first instance's SMTP latency while the second joins: at two messages a second
	 * on each of its two connections the rest of the fan-out would take it about 50 s,
	 * while each message stays well inside the 2 s read timeout and a batch of ten (5 s)
	 * inside the time a consumer may take between polls.
	 */
	private static final Duration JOINING = Duration.ofMillis(500);

	@Autowired
	ReliabilityServers.Addresses servers;

	@Autowired
	MongoClient mongoClient;

	@Autowired
	ScriptedSmtpServer first;

	ScriptedSmtpServer second = new ScriptedSmtpServer();

	ReliabilityRig rig;

	@BeforeEach
	void startIngest() {
		this.rig = new ReliabilityRig(this.servers.bootstrap(), this.servers.mongoUri(), this.mongoClient);
	}

	@AfterEach
	void stop() {
		this.rig.close();
		this.second.close();
		this.first.clear();
	}

	@Test
	void anInstanceThatJoinsAndLeavesMidFanOutSharesTheWorkWithoutDuplicatesOrGaps() throws Exception {
		List<String> followers = this.rig.followers("rebalanced", FOLLOWERS);
		DeliveryOracle oracle = this.rig.oracle(this.first::received, this.second::received);
		this.first.latency(LATENCY);
		this.second.latency(LATENCY);
		this.rig.startDispatch(oneBatchPerPoll(this.rig.dispatchProperties(this.first.port())));

		String alertId = this.rig.postUrgentAction("rebalanced");
		oracle.acknowledged(alertId, 1, followers);
		await().atMost(Duration.ofSeconds(60)).until(() -> this.first.received().size() >= 10);

		// Alone, the first instance sends the 200 in about 15 s, as long as a second
		// instance's start and rebalance can take on a loaded machine: slowed while the
		// second joins, it cannot finish before the second has a share.
		this.first.latency(JOINING);
		ConfigurableApplicationContext joiner = this.rig
			.startDispatch(oneBatchPerPoll(this.rig.dispatchProperties(this.second.port())));
		MessageListenerContainer joinerDeliveries = joiner.getBean(KafkaListenerEndpointRegistry.class)
			.getListenerContainer("deliveries-urgent");
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.second.received().size())
				.as("sent by the joiner (partitions %s) while the first sent %d",
						joinerDeliveries.getAssignedPartitions(), this.first.received().size())
				.isGreaterThanOrEqualTo(10));
		this.first.latency(LATENCY);
		assertThat(oracle.acceptedSoFar()).as("the joiner came in mid-fan-out").isLessThan(FOLLOWERS);
		assertThat(joinerDeliveries.getAssignedPartitions()).isNotEmpty();
		joiner.close();
		long recoveryStarted = System.nanoTime();

		DeliveryOracle.Verdict verdict = oracle
			.awaitVerdict("second dispatch instance joins, then leaves, mid-fan-out", Duration.ofSeconds(90),
					recoveryStarted)
			.assertNothingLostOrDuplicated(0);
		this.rig.assertNoListenerStoppedOrHung();
		assertThat(this.first.received()).as("sent by the first instance").isNotEmpty();
		assertThat(this.second.received()).as("sent by the instance that joined and left").isNotEmpty();
		assertThat(verdict.accepted()).isEqualTo(FOLLOWERS);
		LoggerFactory.getLogger(DeliveryOracle.FIGURES)
			.info("scenario=\"{}\" sentByFirst={} sentByJoiner={}", verdict.scenario(), this.first.received().size(),
					this.second.received().size());
	}

	/**
	 * A consumer gives up its partitions only when it polls; with the default of 50
	 * records per poll it would drain every batch it fetched before the rebalance, and
	 * the joiner would find nothing left to do.
	 */
	private static Map<String, Object> oneBatchPerPoll(Map<String, Object> properties) {
		properties.put("spring.kafka.consumer.max-poll-records", 1);
		return properties;
	}

}
