package org.solidarityalerts.local.reliability;

import com.mongodb.ConnectionString;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;
import org.solidarityalerts.testsupport.TcpProxy;
import org.solidarityalerts.testsupport.TestInfrastructure;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Kafka, MongoDB and a scripted SMTP server for the reliability scenarios, which start
 * ingest and dispatch themselves.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({ KafkaAutoConfiguration.class, MongoAutoConfiguration.class })
@Import({ TestInfrastructure.Data.class, ScriptedSmtpServer.Configuration.class })
class ReliabilityServers {

	@Bean
	Addresses addresses(KafkaConnectionDetails kafka, MongoConnectionDetails mongo) {
		return new Addresses(String.join(",", kafka.getBootstrapServers()),
				mongo.getConnectionString().getConnectionString());
	}

	/**
	 * Where the servers are.
	 *
	 * @param bootstrap Kafka's bootstrap servers
	 * @param mongoUri MongoDB's connection string
	 */
	record Addresses(String bootstrap, String mongoUri) {

		/**
		 * A TCP proxy in front of MongoDB, for a service that is to lose it.
		 * @return the proxy, up
		 */
		TcpProxy mongoProxy() {
			String[] hostAndPort = new ConnectionString(this.mongoUri).getHosts().getFirst().split(":");
			return new TcpProxy(hostAndPort[0], Integer.parseInt(hostAndPort[1]));
		}

		/**
		 * MongoDB through a proxy, with timeouts short enough that a service notices at
		 * once when the proxy is down.
		 * @param proxy the proxy from {@link #mongoProxy()}
		 * @return the connection string
		 */
		static String through(TcpProxy proxy) {
			return "mongodb://127.0.0.1:" + proxy.port()
					+ "/?serverSelectionTimeoutMS=1000&connectTimeoutMS=1000&socketTimeoutMS=3000";
		}

	}

}
