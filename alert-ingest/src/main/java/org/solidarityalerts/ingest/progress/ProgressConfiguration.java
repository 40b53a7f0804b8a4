package org.solidarityalerts.ingest.progress;

import org.solidarityalerts.service.ReadModelErrors;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;

/**
 * Ingest reads contract events for views (the progress read model, the actions' totals),
 * with the contract's deserialiser (see publishing's Kafka configuration). A record it
 * cannot apply is skipped after a few tries, but not while MongoDB is away
 * ({@link ReadModelErrors}).
 */
@Configuration(proxyBeanMethods = false)
class ProgressConfiguration {

	@Bean
	DefaultErrorHandler kafkaErrorHandler() {
		return ReadModelErrors.handler("ingest");
	}

}
