package org.solidarityalerts.local;

import java.util.Map;

import org.solidarityalerts.testsupport.TestInfrastructure;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.core.env.Environment;

/**
 * The properties that point services started by {@link ServiceStack} at the Kafka,
 * MongoDB and SMTP servers of the test's own context, whichever kind of infrastructure
 * provides them.
 */
final class TestServers {

	private TestServers() {
	}

	static Map<String, Object> properties(KafkaConnectionDetails kafka, MongoConnectionDetails mongo,
			Environment environment) {
		return Map.of("spring.kafka.bootstrap-servers", String.join(",", kafka.getBootstrapServers()),
				"spring.mongodb.uri", mongo.getConnectionString().getConnectionString(), "spring.mongodb.database",
				TestInfrastructure.DATABASE, "spring.mail.host", environment.getRequiredProperty("spring.mail.host"),
				"spring.mail.port", environment.getRequiredProperty("spring.mail.port"));
	}

}
