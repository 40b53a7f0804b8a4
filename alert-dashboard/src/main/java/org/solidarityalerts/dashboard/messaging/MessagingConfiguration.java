package org.solidarityalerts.dashboard.messaging;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.ContractSerdes;
import org.solidarityalerts.service.ReadModelErrors;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * The dashboard reads contract events and writes raw bytes (it re-publishes dead letters
 * exactly as they were). A record it cannot use is logged and skipped after a few tries,
 * but not while MongoDB is away ({@link ReadModelErrors}).
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

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
		return ReadModelErrors.handler("the dashboard");
	}

}
