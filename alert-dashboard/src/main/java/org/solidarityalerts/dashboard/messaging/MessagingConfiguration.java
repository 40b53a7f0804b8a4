package org.solidarityalerts.dashboard.messaging;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.ContractSerdes;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The dashboard reads contract events and writes raw bytes (it re-publishes dead letters
 * exactly as they were). A record it cannot read is logged and skipped: the dashboard is
 * a read model, and dispatch already dead-letters what it cannot read.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(MessagingConfiguration.class);

	@Bean
	@SuppressWarnings("unchecked")
	DefaultKafkaConsumerFactoryCustomizer contractDeserializers() {
		return (factory) -> {
			DefaultKafkaConsumerFactory<String, ContractEvent> events = (DefaultKafkaConsumerFactory<String, ContractEvent>) factory;
			events.setValueDeserializer(new ErrorHandlingDeserializer<>(ContractSerdes.deserializer()));
		};
	}

	/**
	 * The admin client that samples topics, consumer groups and the cluster's health.
	 */
	@Bean(destroyMethod = "close")
	Admin dashboardAdmin(KafkaAdmin kafkaAdmin) {
		Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
		return Admin.create(config);
	}

	@Bean
	DefaultErrorHandler kafkaErrorHandler() {
		return new DefaultErrorHandler(
				(record, ex) -> logger.warn("Skipped record {}-{}@{} that the dashboard cannot use", record.topic(),
						record.partition(), record.offset(), ex),
				new FixedBackOff(500, 3));
	}

}
