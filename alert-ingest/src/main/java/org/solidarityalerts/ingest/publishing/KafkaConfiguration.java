package org.solidarityalerts.ingest.publishing;

import java.util.stream.Stream;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.StringSerializer;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.ContractSerdes;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.ingest.IngestProperties;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The alert topics, as the contract specifies them, and a producer that writes the
 * contract's events with the contract's serialiser (type ids, no Java class names in
 * headers).
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	@Bean
	KafkaAdmin.NewTopics alertTopics(IngestProperties properties) {
		return new KafkaAdmin.NewTopics(Stream.of(Topics.ALERTS_URGENT, Topics.ALERTS_STANDARD)
			.map(Topics::spec)
			.map((topic) -> properties.topics().topic(topic.name(), topic.partitions()).build())
			.toArray(NewTopic[]::new));
	}

	@Bean
	@SuppressWarnings("unchecked")
	DefaultKafkaProducerFactoryCustomizer contractSerializers() {
		return (factory) -> {
			DefaultKafkaProducerFactory<String, ContractEvent> events = (DefaultKafkaProducerFactory<String, ContractEvent>) factory;
			events.setKeySerializer(new StringSerializer());
			events.setValueSerializer(ContractSerdes.serializer());
		};
	}

}
