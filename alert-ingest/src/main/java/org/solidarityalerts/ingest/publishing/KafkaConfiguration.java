package org.solidarityalerts.ingest.publishing;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.StringSerializer;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.ingest.IngestProperties;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

/**
 * The alert topics, and a producer that writes the contract's events as JSON with type
 * ids (no Java class names in headers).
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	@Bean
	KafkaAdmin.NewTopics alertTopics(IngestProperties properties) {
		short replicas = properties.topics().replicationFactor();
		String minInSync = Integer.toString(properties.topics().effectiveMinInSyncReplicas());
		return new KafkaAdmin.NewTopics(Topics.ALL.stream()
			.filter((topic) -> topic.name().equals(Topics.ALERTS_URGENT) || topic.name().equals(Topics.ALERTS_STANDARD))
			.map((topic) -> TopicBuilder.name(topic.name())
				.partitions(topic.partitions())
				.replicas(replicas)
				.config("min.insync.replicas", minInSync)
				.build())
			.toArray(NewTopic[]::new));
	}

	@Bean
	@SuppressWarnings("unchecked")
	DefaultKafkaProducerFactoryCustomizer contractSerializers() {
		return (factory) -> {
			DefaultKafkaProducerFactory<String, ContractEvent> events = (DefaultKafkaProducerFactory<String, ContractEvent>) factory;
			events.setKeySerializer(new StringSerializer());
			events.setValueSerializer(new JacksonJsonSerializer<ContractEvent>(WireFormat.jsonMapper()).noTypeInfo());
		};
	}

}
