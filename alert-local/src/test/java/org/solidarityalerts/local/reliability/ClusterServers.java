package org.solidarityalerts.local.reliability;

import org.solidarityalerts.testsupport.KafkaCluster;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;
import org.solidarityalerts.testsupport.TestInfrastructure;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A Kafka cluster of three brokers the test stops and starts, MongoDB and a scripted SMTP
 * server, for the scenarios that take brokers away; they start ingest and dispatch
 * themselves.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration(MongoAutoConfiguration.class)
@Import({ TestInfrastructure.ClusterData.class, ScriptedSmtpServer.Configuration.class })
class ClusterServers {

	@Bean
	ReliabilityServers.Addresses addresses(KafkaCluster kafka, MongoConnectionDetails mongo) {
		return new ReliabilityServers.Addresses(kafka.bootstrapServers(),
				mongo.getConnectionString().getConnectionString());
	}

}
