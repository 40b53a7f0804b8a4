package org.solidarityalerts.dashboard.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.dashboard.DashboardProperties;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Checks, every few seconds on one scheduler thread, what the service runs on: the Kafka
 * brokers, the controller and under-replicated partitions; MongoDB; and whether the SMTP
 * server accepts a TCP connection. Each round replaces an immutable view.
 */
@Component
public class HealthMonitor {

	private final Admin admin;

	private final MongoTemplate mongo;

	private final DashboardProperties properties;

	private final Clock clock;

	private final AtomicReference<HealthView> view = new AtomicReference<>(
			new HealthView(Instant.EPOCH, List.of(new Check("kafka", false, "not checked yet"),
					new Check("mongodb", false, "not checked yet"), new Check("smtp", false, "not checked yet"))));

	HealthMonitor(Admin admin, MongoTemplate mongo, DashboardProperties properties, MeterRegistry meters, Clock clock) {
		this.admin = admin;
		this.mongo = mongo;
		this.properties = properties;
		this.clock = clock;
		for (String component : List.of("kafka", "mongodb", "smtp")) {
			Gauge.builder("alert.dashboard.health", this, (monitor) -> monitor.up(component) ? 1 : 0)
				.tag("component", component)
				.description("Whether the dashboard's latest check of the component succeeded")
				.register(meters);
		}
	}

	/**
	 * The latest checks.
	 * @return the view
	 */
	public HealthView view() {
		return this.view.get();
	}

	@Scheduled(fixedDelayString = "${alert.dashboard.health.interval:5s}", initialDelay = 0)
	void check() {
		this.view.set(new HealthView(this.clock.instant(), List.of(kafka(), mongodb(), smtp())));
	}

	private boolean up(String component) {
		return this.view.get().checks().stream().anyMatch((check) -> check.name().equals(component) && check.up());
	}

	private Check kafka() {
		long timeout = this.properties.health().timeout().toMillis();
		try {
			DescribeClusterResult cluster = this.admin.describeCluster();
			Collection<Node> nodes = cluster.nodes().get(timeout, TimeUnit.MILLISECONDS);
			Node controller = cluster.controller().get(timeout, TimeUnit.MILLISECONDS);
			Set<String> topics = this.admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
			Collection<TopicDescription> descriptions = this.admin.describeTopics(topics)
				.allTopicNames()
				.get(timeout, TimeUnit.MILLISECONDS)
				.values();
			long underReplicated = descriptions.stream()
				.flatMap((topic) -> topic.partitions().stream())
				.filter((partition) -> partition.isr().size() < partition.replicas().size())
				.count();
			String detail = nodes.size() + " broker(s), controller " + describe(controller) + ", " + underReplicated
					+ " under-replicated partition(s)";
			return new Check("kafka", underReplicated == 0 && !nodes.isEmpty(), detail);
		}
		catch (Exception ex) {
			return new Check("kafka", false, "unreachable (" + ex.getClass().getSimpleName() + ")");
		}
	}

	private Check mongodb() {
		try {
			this.mongo.executeCommand("{ ping: 1 }");
			return new Check("mongodb", true, "answers ping");
		}
		catch (RuntimeException ex) {
			return new Check("mongodb", false, "unreachable (" + ex.getClass().getSimpleName() + ")");
		}
	}

	private Check smtp() {
		DashboardProperties.Health health = this.properties.health();
		String where = health.smtpHost() + ":" + health.smtpPort();
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(health.smtpHost(), health.smtpPort()),
					(int) health.timeout().toMillis());
			return new Check("smtp", true, where + " accepts connections");
		}
		catch (IOException ex) {
			return new Check("smtp", false, where + " refused or timed out");
		}
	}

	private static String describe(@Nullable Node node) {
		return (node != null && !node.isEmpty()) ? "#" + node.id() : "none";
	}

	/**
	 * The latest round of checks.
	 *
	 * @param at when it ran
	 * @param checks one per component
	 */
	public record HealthView(Instant at, List<Check> checks) {

		public HealthView {
			checks = List.copyOf(new ArrayList<>(checks));
		}

	}

	/**
	 * One component's check.
	 *
	 * @param name the component
	 * @param up whether it is healthy
	 * @param detail what was found
	 */
	public record Check(String name, boolean up, String detail) {
	}

}
