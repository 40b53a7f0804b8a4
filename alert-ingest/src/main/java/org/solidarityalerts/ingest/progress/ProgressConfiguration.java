package org.solidarityalerts.ingest.progress;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.service.MongoAway;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Ingest reads contract events for views (the progress read model, the actions' totals),
 * with the contract's deserialiser (see publishing's Kafka configuration). A record it
 * cannot apply is logged and skipped after a few tries: these are views for organisers,
 * and dispatch already dead-letters what it cannot read. While MongoDB cannot be reached,
 * though, nothing is skipped: the record is tried again, less and less often, for up to
 * {@link #WHILE_MONGODB_IS_AWAY} (the views apply each event once however often it is
 * read, so trying again is safe).
 */
@Configuration(proxyBeanMethods = false)
class ProgressConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(ProgressConfiguration.class);

	/** How long a record is tried again while MongoDB cannot be reached. */
	static final Duration WHILE_MONGODB_IS_AWAY = Duration.ofMinutes(15);

	@Bean
	DefaultErrorHandler kafkaErrorHandler() {
		DefaultErrorHandler handler = new DefaultErrorHandler(
				(record, ex) -> logger.warn("Skipped record {}-{}@{} that ingest cannot use", record.topic(),
						record.partition(), record.offset(), ex),
				new FixedBackOff(500, 3));
		handler.setBackOffFunction((record, ex) -> MongoAway.in(ex) ? whileMongoIsAway() : null);
		return handler;
	}

	private static BackOff whileMongoIsAway() {
		ExponentialBackOff backOff = new ExponentialBackOff(500, 2);
		backOff.setMaxInterval(Duration.ofSeconds(30).toMillis());
		backOff.setMaxElapsedTime(WHILE_MONGODB_IS_AWAY.toMillis());
		return backOff;
	}

}
