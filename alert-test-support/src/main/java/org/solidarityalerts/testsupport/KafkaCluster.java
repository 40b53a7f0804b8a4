package org.solidarityalerts.testsupport;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.server.common.MetadataVersion;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

import static org.awaitility.Awaitility.await;

/**
 * A Kafka cluster of three in-process brokers and one KRaft controller, whose brokers a
 * test stops and starts one at a time. Stopping a broker is a controlled shutdown: its
 * partitions' leadership moves to the other brokers and it leaves their in-sync replicas.
 * A restarted broker listens on its old port again and catches up from the others. The
 * controller is never stopped. (Spring Kafka's {@code EmbeddedKafkaKraftBroker} makes
 * every node a controller too; with three, Kafka 4.2's test kit fails at start-up, its
 * followers' raft threads dying on an {@code UpdateVoter} answered
 * {@code INVALID_REQUEST}.)
 */
public final class KafkaCluster implements AutoCloseable {

	/** The brokers in the cluster. */
	public static final int BROKERS = 3;

	private final KafkaClusterTestKit kit;

	private final Admin admin;

	private final Set<Integer> stopped = new TreeSet<>();

	/**
	 * Starts three brokers on free loopback ports; topics are never created
	 * automatically.
	 */
	public KafkaCluster() {
		// A fatal fault in a broker must fail the test, not end the JVM.
		Exit.setExitProcedure((status, message) -> {
			throw new IllegalStateException("Kafka called Exit.exit(" + status + "): " + message);
		});
		Exit.setHaltProcedure((status, message) -> {
			throw new IllegalStateException("Kafka called Exit.halt(" + status + "): " + message);
		});
		try {
			this.kit = new KafkaClusterTestKit.Builder(
					new TestKitNodes.Builder().setBootstrapMetadataVersion(MetadataVersion.LATEST_PRODUCTION)
						.setCombined(false)
						.setNumControllerNodes(1)
						.setNumBrokerNodes(BROKERS)
						.build())
				.setConfigProp("auto.create.topics.enable", "false")
				.setConfigProp("group.initial.rebalance.delay.ms", "0")
				.setConfigProp("unclean.leader.election.enable", "false")
				// Consumer offsets: as safe as the service's own topics.
				.setConfigProp("offsets.topic.replication.factor", Integer.toString(BROKERS))
				.setConfigProp("offsets.topic.num.partitions", "10")
				.setConfigProp("transaction.state.log.replication.factor", Integer.toString(BROKERS))
				.setConfigProp("transaction.state.log.min.isr", "2")
				// A restarted broker is back in the in-sync replicas within seconds.
				.setConfigProp("broker.heartbeat.interval.ms", "500")
				.setConfigProp("broker.session.timeout.ms", "3000")
				.build();
			this.kit.format();
			this.kit.startup();
			this.kit.waitForReadyBrokers();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("The Kafka cluster did not start", ex);
		}
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				10000));
	}

	/**
	 * Every broker's address, for clients' {@code bootstrap.servers}.
	 * @return {@code host:port,host:port,host:port}
	 */
	public String bootstrapServers() {
		return this.kit.bootstrapServers();
	}

	/**
	 * The ids of the brokers.
	 * @return the ids, in order
	 */
	public Set<Integer> brokerIds() {
		return new TreeSet<>(this.kit.brokers().keySet());
	}

	/**
	 * The brokers that are stopped now.
	 * @return their ids
	 */
	public synchronized Set<Integer> stoppedBrokers() {
		return Set.copyOf(this.stopped);
	}

	/**
	 * Stops a broker (a controlled shutdown), and waits until no partition of the given
	 * topics names it as leader.
	 * @param brokerId the broker
	 * @param topics topics whose leadership must have moved
	 */
	public synchronized void stop(int brokerId, String... topics) {
		broker(brokerId).shutdown();
		this.stopped.add(brokerId);
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> !leaders(topics).containsValue(brokerId));
	}

	/**
	 * Starts a stopped broker again, on its old port, and waits until it is back in the
	 * cluster's metadata.
	 * @param brokerId the broker
	 */
	public synchronized void start(int brokerId) {
		broker(brokerId).startup();
		this.stopped.remove(brokerId);
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.admin.describeCluster()
				.nodes()
				.get()
				.stream()
				.map(Node::id)
				.collect(Collectors.toSet())
				.contains(brokerId));
	}

	/**
	 * Waits until every partition of the given topics has all its replicas in sync, so
	 * the next broker stopped leaves enough of them.
	 * @param atMost how long to wait
	 * @param topics the topics
	 */
	public void awaitAllInSync(Duration atMost, String... topics) {
		await().atMost(atMost)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> describe(topics).values()
				.stream()
				.flatMap((topic) -> topic.partitions().stream())
				.allMatch((partition) -> partition.isr().size() == partition.replicas().size()));
	}

	/**
	 * The leader of every partition of the given topics.
	 * @param topics the topics
	 * @return the leader's broker id by partition ({@code -1} if none)
	 */
	public Map<TopicPartition, Integer> leaders(String... topics) {
		Map<TopicPartition, Integer> leaders = new LinkedHashMap<>();
		describe(topics).forEach((name, topic) -> {
			for (TopicPartitionInfo partition : topic.partitions()) {
				Node leader = partition.leader();
				leaders.put(new TopicPartition(name, partition.partition()),
						(leader != null && !leader.isEmpty()) ? leader.id() : -1);
			}
		});
		return leaders;
	}

	/**
	 * The running broker that leads the most partitions of the given topics.
	 * @param topics the topics
	 * @return its id
	 */
	public int busiestLeader(String... topics) {
		Map<Integer, Long> led = leaders(topics).values()
			.stream()
			.filter((id) -> id >= 0)
			.collect(Collectors.groupingBy((id) -> id, Collectors.counting()));
		return led.entrySet()
			.stream()
			.max(Map.Entry.comparingByValue())
			.map(Map.Entry::getKey)
			.orElseThrow(() -> new IllegalStateException("No partition of " + List.of(topics) + " has a leader"));
	}

	/**
	 * The replication factor and {@code min.insync.replicas} a topic was created with.
	 * @param topic the topic
	 * @return its replication
	 */
	public Replication replication(String topic) {
		TopicDescription description = describe(topic).get(topic);
		String minInSync = call(
				() -> this.admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic)))
					.all()
					.get()
					.values()
					.iterator()
					.next()
					.get("min.insync.replicas")
					.value());
		return new Replication(description.partitions().getFirst().replicas().size(), Integer.parseInt(minInSync));
	}

	private Map<String, TopicDescription> describe(String... topics) {
		return call(() -> this.admin.describeTopics(List.of(topics)).allTopicNames().get());
	}

	private BrokerServer broker(int brokerId) {
		BrokerServer broker = this.kit.brokers().get(brokerId);
		if (broker == null) {
			throw new IllegalArgumentException("No broker " + brokerId + " in " + brokerIds());
		}
		return broker;
	}

	private static <T> T call(Call<T> call) {
		try {
			return call.call();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

	@Override
	public synchronized void close() {
		this.admin.close(Duration.ofSeconds(2));
		try {
			this.kit.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException("The Kafka cluster did not stop cleanly", ex);
		}
	}

	/**
	 * How a topic is replicated.
	 *
	 * @param replicationFactor replicas of each partition
	 * @param minInSyncReplicas replicas that must have a record before it is acknowledged
	 * to a producer that asks for all
	 */
	public record Replication(int replicationFactor, int minInSyncReplicas) {
	}

	@FunctionalInterface
	private interface Call<T> {

		T call() throws InterruptedException, ExecutionException;

	}

	/**
	 * Points {@code spring.kafka.bootstrap-servers} at a three-broker cluster for the
	 * test's context.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Configuration {

		@Bean(destroyMethod = "close")
		KafkaCluster kafkaCluster() {
			return new KafkaCluster();
		}

		@Bean
		DynamicPropertyRegistrar kafkaClusterProperties(KafkaCluster kafkaCluster) {
			return (registry) -> registry.add("spring.kafka.bootstrap-servers", kafkaCluster::bootstrapServers);
		}

	}

}
