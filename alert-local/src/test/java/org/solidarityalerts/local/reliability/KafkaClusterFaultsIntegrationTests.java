package org.solidarityalerts.local.reliability;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.testsupport.DeliveryOracle;
import org.solidarityalerts.testsupport.KafkaCluster;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka as a cluster of three brokers, every topic with three replicas of which two must
 * have a record before it is acknowledged ({@code min.insync.replicas=2}, producers ask
 * for all). Brokers are stopped and started while organisers post urgent actions through
 * the API and dispatch sends them; the ledger oracle judges. How often the leaders are
 * bounced and how long two brokers stay down are {@code -Dreliability.broker-bounces} (3
 * by default) and {@code -Dreliability.cluster-down} (10s by default); the
 * {@code reliability} profile makes them 10 and a minute.
 */
@SpringBootTest(classes = ClusterServers.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
class KafkaClusterFaultsIntegrationTests {

	private static final Logger figures = LoggerFactory.getLogger(DeliveryOracle.FIGURES);

	private static final int FOLLOWERS = 10;

	private static final int BOUNCES = Integer.getInteger("reliability.broker-bounces", 3);

	private static final Duration DOWN = Duration.parse("PT" + System.getProperty("reliability.cluster-down", "10s"));

	private static final Duration PATIENCE = Duration.ofSeconds(120);

	/** A POST to the organisers' API is answered within this, whatever Kafka does. */
	private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(5);

	/** The topics an urgent action crosses, and where consumer groups keep offsets. */
	private static final String[] TOPICS = { Topics.ALERTS_URGENT, Topics.DELIVERIES_URGENT, Topics.DELIVERY_RETRIES,
			Topics.DELIVERY_OUTCOMES, Topics.deadLetterOf(Topics.DELIVERY_RETRIES), "__consumer_offsets" };

	@Autowired
	ReliabilityServers.Addresses servers;

	@Autowired
	MongoClient mongoClient;

	@Autowired
	ScriptedSmtpServer smtp;

	@Autowired
	KafkaCluster cluster;

	ReliabilityRig rig;

	@BeforeAll
	void startServices() {
		this.rig = new ReliabilityRig(this.servers.bootstrap(), this.servers.mongoUri(), this.mongoClient,
				Map.of("alert.ingest.topics.replication-factor", KafkaCluster.BROKERS));
		Map<String, Object> dispatch = this.rig.dispatchProperties(this.smtp.port());
		dispatch.put("alert.dispatch.topics.replication-factor", KafkaCluster.BROKERS);
		this.rig.startDispatch(dispatch);
	}

	@AfterEach
	void heal() {
		this.cluster.stoppedBrokers().forEach(this.cluster::start);
		this.smtp.clear();
	}

	@AfterAll
	void stopServices() {
		this.rig.close();
	}

	@Test
	void everyTopicHasThreeReplicasOfWhichTwoMustHaveARecordBeforeItIsAcknowledged() {
		for (String topic : TOPICS) {
			if (!topic.startsWith("__")) {
				assertThat(this.cluster.replication(topic)).as(topic).isEqualTo(new KafkaCluster.Replication(3, 2));
			}
		}
	}

	@Test
	void stoppingAndRestartingTheLeadersOfTheAlertAndDeliveryPartitionsMidFanOutLosesAndDuplicatesNothing()
			throws Exception {
		String campaign = "leaders-bounced";
		List<String> followers = this.rig.followers(campaign, FOLLOWERS);
		DeliveryOracle oracle = this.rig.oracle(this.smtp::received);
		this.smtp.latency(Duration.ofMillis(20));
		List<String> bounced = new ArrayList<>();
		int posted;
		try (Poster poster = new Poster(campaign, followers, oracle)) {
			await().atMost(PATIENCE).until(() -> !this.smtp.received().isEmpty());
			for (int round = 0; round < BOUNCES; round++) {
				TopicPartition partition = (round % 2 == 0) ? alertPartition(poster.lastAlert())
						: firstBatchPartition(poster.lastAlert());
				int leader = this.cluster.leaders(partition.topic()).get(partition);
				int postedBefore = poster.acknowledged();
				int mailedBefore = this.smtp.received().size();

				this.cluster.stop(leader, TOPICS);
				// With one broker of three down, two replicas remain: alerts are still
				// published and sent.
				await().atMost(PATIENCE)
					.until(() -> poster.acknowledged() >= postedBefore + 2
							&& this.smtp.received().size() > mailedBefore);
				long restarted = System.nanoTime();
				this.cluster.start(leader);
				this.cluster.awaitAllInSync(PATIENCE, TOPICS);
				bounced.add(partition + "@" + leader + " in sync after "
						+ Duration.ofNanos(System.nanoTime() - restarted).toMillis() + " ms");
			}
			posted = poster.acknowledged();
			assertThat(poster.refused()).as("answers other than 202").isEmpty();
		}
		long recoveryStarted = System.nanoTime();

		DeliveryOracle.Verdict verdict = oracle
			.awaitVerdict("three brokers: the leader of an alert or delivery partition stopped and restarted " + BOUNCES
					+ " times while alerts were posted and sent", PATIENCE, recoveryStarted)
			.assertNothingLostOrDuplicated(0);
		this.rig.assertNoListenerStoppedOrHung();
		assertThat(verdict.alerts()).isEqualTo(posted);
		figures.info("scenario=\"{}\" bounced={} alertsPosted={}", verdict.scenario(), bounced, posted);
	}

	@Test
	void withTwoOfThreeBrokersDownTheApiStillAcknowledgesAtOnceAndEverythingItAcknowledgedIsSentWhenTheyAreBack()
			throws Exception {
		String campaign = "two-brokers-down";
		List<String> followers = this.rig.followers(campaign, FOLLOWERS);
		DeliveryOracle oracle = this.rig.oracle(this.smtp::received);
		oracle.acknowledged(this.rig.postUrgentAction(campaign), 1, followers);
		await().atMost(PATIENCE).until(() -> this.smtp.received().size() == FOLLOWERS);
		List<Integer> down = new ArrayList<>(this.cluster.brokerIds()).subList(1, KafkaCluster.BROKERS);

		for (int broker : down) {
			this.cluster.stop(broker, TOPICS);
		}
		long outageStarted = System.nanoTime();
		List<Long> latencies = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			long started = System.nanoTime();
			HttpResponse<String> answer = this.rig.post(campaign);
			latencies.add(System.nanoTime() - started);
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
			oracle.acknowledged(WireFormat.jsonMapper().readTree(answer.body()).path("id").asString(), 1, followers);
		}
		Duration left = DOWN.minus(Duration.ofNanos(System.nanoTime() - outageStarted));
		// One replica left of two required: nothing can be published, so nothing is sent.
		await().during(left.isNegative() ? Duration.ZERO : left)
			.atMost(left.plusSeconds(10))
			.until(() -> this.smtp.received().size() == FOLLOWERS);
		for (int broker : down) {
			this.cluster.start(broker);
		}
		long recoveryStarted = System.nanoTime();

		DeliveryOracle.Verdict verdict = oracle
			.awaitVerdict("three brokers: two down for " + DOWN.toSeconds() + "s while 10 alerts were posted", PATIENCE,
					recoveryStarted)
			.assertNothingLostOrDuplicated(0);
		this.rig.assertNoListenerStoppedOrHung();
		Collections.sort(latencies);
		assertThat(latencies).as("every POST answered within %s", ANSWERED_WITHIN)
			.allSatisfy((nanos) -> assertThat(Duration.ofNanos(nanos)).isLessThan(ANSWERED_WITHIN));
		figures.info("scenario=\"{}\" posts=10 answered=202 latencyP50Ms={} latencyMaxMs={} brokersDown={}",
				verdict.scenario(), Duration.ofNanos(latencies.get(latencies.size() / 2)).toMillis(),
				Duration.ofNanos(latencies.getLast()).toMillis(), down);
	}

	private static TopicPartition alertPartition(String alertId) {
		return partition(Topics.ALERTS_URGENT, alertId, 3);
	}

	private static TopicPartition firstBatchPartition(String alertId) {
		return partition(Topics.DELIVERIES_URGENT, alertId + ":v1/0", 6);
	}

	/** The partition the producer picks for a key, as it picks it. */
	private static TopicPartition partition(String topic, String key, int partitions) {
		return new TopicPartition(topic,
				BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions));
	}

	/**
	 * Posts an urgent action for a campaign every 800 milliseconds, in the background,
	 * and tells the oracle about each one acknowledged.
	 */
	private final class Poster implements AutoCloseable {

		private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor();

		private final AtomicInteger acknowledged = new AtomicInteger();

		private final Queue<String> refused = new ConcurrentLinkedQueue<>();

		private volatile String lastAlert;

		Poster(String campaign, List<String> followers, DeliveryOracle oracle) throws Exception {
			this.lastAlert = post(campaign, followers, oracle);
			assertThat(this.lastAlert).as("the first alert acknowledged: %s", this.refused).isNotNull();
			this.schedule.scheduleWithFixedDelay(() -> {
				try {
					post(campaign, followers, oracle);
				}
				catch (Exception ex) {
					this.refused.add(ex.toString());
				}
			}, 800, 800, TimeUnit.MILLISECONDS);
		}

		private String post(String campaign, List<String> followers, DeliveryOracle oracle) throws Exception {
			HttpResponse<String> answer = KafkaClusterFaultsIntegrationTests.this.rig.post(campaign);
			if (answer.statusCode() != 202) {
				this.refused.add(answer.statusCode() + " " + answer.body());
				return this.lastAlert;
			}
			String alertId = WireFormat.jsonMapper().readTree(answer.body()).path("id").asString();
			oracle.acknowledged(alertId, 1, followers);
			this.lastAlert = alertId;
			this.acknowledged.incrementAndGet();
			return alertId;
		}

		int acknowledged() {
			return this.acknowledged.get();
		}

		String lastAlert() {
			return this.lastAlert;
		}

		List<String> refused() {
			return List.copyOf(this.refused);
		}

		@Override
		public void close() throws InterruptedException {
			this.schedule.shutdown();
			this.schedule.awaitTermination(30, TimeUnit.SECONDS);
		}

	}

}
