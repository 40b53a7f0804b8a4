package org.solidarityalerts.ingest.progress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Ingest reads contract events for views (the progress read model, the actions' totals),
 * with the contract's deserialiser (see publishing's Kafka configuration). A record it
 * cannot read or apply is logged and skipped after a few tries: these are views for
 * organisers, and dispatch already dead-letters what it cannot read.
 */
@Configuration(proxyBeanMethods = false)
class ProgressConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(ProgressConfiguration.class);

	@Bean
	DefaultErrorHandler kafkaErrorHandler() {
		return new DefaultErrorHandler((record, ex) -> logger.warn("Skipped record {}-{}@{} that ingest cannot use",
				record.topic(), record.partition(), record.offset(), ex), new FixedBackOff(500, 3));
	}

}
