package org.solidarityalerts.testsupport;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.ServerAddress;

import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The application's MongoDB client reaches the test's MongoDB (whichever kind
 * {@link TestInfrastructure} started) through a {@link TcpProxy} that the test takes down
 * and brings back, and gives up on a server after a second instead of thirty, so that a
 * request made during the outage is answered while the test waits. Import it beside
 * {@link TestInfrastructure}; the test gets the proxy as a bean.
 */
@TestConfiguration(proxyBeanMethods = false)
public class MongoThroughProxy {

	@Bean(destroyMethod = "close")
	TcpProxy mongoProxy(MongoConnectionDetails mongo) {
		ServerAddress server = new ServerAddress(mongo.getConnectionString().getHosts().getFirst());
		return new TcpProxy(server.getHost(), server.getPort());
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	MongoClientSettingsBuilderCustomizer throughMongoProxy(TcpProxy mongoProxy) {
		// After Spring Boot's own, which applies the connection string.
		return (settings) -> settings
			.applyToClusterSettings(
					(cluster) -> cluster.hosts(List.of(new ServerAddress("127.0.0.1", mongoProxy.port())))
						.serverSelectionTimeout(1, TimeUnit.SECONDS))
			.applyToSocketSettings(
					(socket) -> socket.connectTimeout(1, TimeUnit.SECONDS).readTimeout(3, TimeUnit.SECONDS));
	}

}
