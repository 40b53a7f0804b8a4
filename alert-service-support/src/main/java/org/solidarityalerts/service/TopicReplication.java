package org.solidarityalerts.service;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.kafka.config.TopicBuilder;

/**
 * How a service creates the topics of the contract ({@code Topics.ALL} in alert-common
 * says their names and partitions): the same settings, under each service's
 * {@code topics} properties.
 *
 * @param replicationFactor replicas of each partition (3 in production)
 * @param minInSyncReplicas replicas that must have a record before Kafka acknowledges it
 * (the producer asks for all in-sync replicas); never more than {@code replicationFactor}
 */
public record TopicReplication(@DefaultValue("1") short replicationFactor, @DefaultValue("2") int minInSyncReplicas) {

	/**
	 * The {@code min.insync.replicas} of each topic.
	 * @return {@code minInSyncReplicas}, at most the replication factor
	 */
	public int effectiveMinInSyncReplicas() {
		return Math.min(this.minInSyncReplicas, this.replicationFactor);
	}

	/**
	 * A topic replicated so.
	 * @param name the topic's name
	 * @param partitions its partitions
	 * @return a builder of the topic, for more configuration
	 */
	public TopicBuilder topic(String name, int partitions) {
		return TopicBuilder.name(name)
			.partitions(partitions)
			.replicas(this.replicationFactor)
			.config("min.insync.replicas", Integer.toString(effectiveMinInSyncReplicas()));
	}

}
