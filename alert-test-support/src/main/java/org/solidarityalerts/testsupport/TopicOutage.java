package org.solidarityalerts.testsupport;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import static org.awaitility.Awaitility.await;

/**
 * Topics taken away from a running Kafka until closed: deleted, so that every write to
 * them times out waiting for their metadata (as writes do while a cluster has too few
 * brokers to take them) while the other topics still take records; then created again as
 * the application declares them.
 */
public final class TopicOutage implements AutoCloseable {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final String bootstrapServers;

	private final List<String> topics;

	private final Runnable recreate;

	private TopicOutage(String bootstrapServers, List<String> topics, Runnable recreate) {
		this.bootstrapServers = bootstrapServers;
		this.topics = topics;
		this.recreate = recreate;
	}

	/**
	 * Deletes topics, and waits until Kafka no longer lists them.
	 * @param bootstrapServers the brokers
	 * @param topics the topics to take away
	 * @param recreate creates them again when the outage is closed (for a Spring
	 * application, its {@code KafkaAdmin}'s {@code initialize})
	 * @return the outage, to close when it should end
	 */
	public static TopicOutage of(String bootstrapServers, Collection<String> topics, Runnable recreate) {
		TopicOutage outage = new TopicOutage(bootstrapServers, List.copyOf(topics), recreate);
		try (Admin admin = outage.admin()) {
			admin.deleteTopics(outage.topics).all().get();
			await().atMost(PATIENCE).until(() -> Collections.disjoint(admin.listTopics().names().get(), outage.topics));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		return outage;
	}

	/**
	 * The topics a running Kafka lists.
	 * @param bootstrapServers the brokers
	 * @return their names
	 */
	public static Collection<String> topics(String bootstrapServers) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			return admin.listTopics().names().get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

	/**
	 * Creates the topics again, and waits until Kafka lists them.
	 */
	@Override
	public void close() {
		this.recreate.run();
		try (Admin admin = admin()) {
			await().atMost(PATIENCE).until(() -> admin.listTopics().names().get().containsAll(this.topics));
		}
	}

	private Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers));
	}

}
