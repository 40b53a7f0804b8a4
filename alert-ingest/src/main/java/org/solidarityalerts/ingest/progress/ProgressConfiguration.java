package org.solidarityalerts.ingest.progress;

import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.ContractSerdes;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Ingest reads contract events for the progress read model only. A record it cannot read
 * or apply is logged and skipped after a few tries: progress is a view for organisers,
 * and dispatch already dead-letters what it cannot read.
 */
@Configuration(proxyBeanMethods = false)
class ProgressConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(ProgressConfiguration.class);

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
	DefaultErrorHandler kafkaErrorHandler() {
		return new DefaultErrorHandler((record, ex) -> logger.warn("Skipped record {}-{}@{} that progress cannot use",
				record.topic(), record.partition(), record.offset(), ex), new FixedBackOff(500, 3));
	}

}
