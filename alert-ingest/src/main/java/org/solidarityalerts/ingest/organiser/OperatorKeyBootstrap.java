package org.solidarityalerts.ingest.organiser;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.ingest.IngestProperties;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Registers the first operator key, {@code alert.ingest.bootstrap.operator-key}, at
 * start-up, so that an operator can issue every other key through the admin API. A key
 * that is already registered (or was revoked) is left as it is.
 */
@Component
class OperatorKeyBootstrap implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(OperatorKeyBootstrap.class);

	private final ApiKeys apiKeys;

	private final IngestProperties properties;

	OperatorKeyBootstrap(ApiKeys apiKeys, IngestProperties properties) {
		this.apiKeys = apiKeys;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		String key = this.properties.bootstrap().operatorKey();
		if (key == null || key.isBlank()) {
			return;
		}
		this.apiKeys.register(key, this.properties.bootstrap().organisation(), Role.OPERATOR, "bootstrap operator key");
		logger.info("Bootstrap operator key {} is registered", key.substring(0, Math.min(15, key.length())));
	}

}
