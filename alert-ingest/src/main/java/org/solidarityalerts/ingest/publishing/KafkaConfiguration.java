package org.solidarityalerts.ingest.publishing;

import java.util.stream.Stream;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.ContractSerdes;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.ingest.IngestProperties;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * The alert topics, as the contract specifies them, and a producer that writes the
 * contract's events with the contract's serialiser (type ids, no Java class names in
 * headers).
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	@Bean
	KafkaAdmin.NewTopics alertTopics(IngestProperties properties) {
		Stream<NewTopic> topics = Stream.of(Topics.ALERTS_URGENT, Topics.ALERTS_STANDARD, Topics.ACTION_REPORTS)
			.map(Topics::spec)
			.map((topic) -> properties.topics().topic(topic.name(), topic.partitions()).build());
		return new KafkaAdmin.NewTopics(Stream.concat(topics,
				Stream.of(properties.topics()
					.topic(Topics.deadLetterOf(Topics.ACTION_REPORTS), Topics.spec(Topics.ACTION_REPORTS).partitions())
					.build()))
			.toArray(NewTopic[]::new));
	}

	/**
	 * Reads the contract's events, the actions' totals that dispatch publishes, with the
	 * contract's deserialiser; a record it cannot read is logged and skipped, not retried
	 * for ever.
	 */
	@Bean
	@SuppressWarnings("unchecked")
	DefaultKafkaConsumerFactoryCustomizer contractDeserializers() {
		return (factory) -> {
			DefaultKafkaConsumerFactory<String, ContractEvent> events = (DefaultKafkaConsumerFactory<String, ContractEvent>) factory;
			events.setKeyDeserializer(new StringDeserializer());
			events.setValueDeserializer(new ErrorHandlingDeserializer<>(ContractSerdes.deserializer()));
		};
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
