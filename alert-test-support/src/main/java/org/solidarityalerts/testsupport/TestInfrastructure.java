package org.solidarityalerts.testsupport;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Kafka, MongoDB and an SMTP server for a test's application context. Import it in a
 * {@code @SpringBootTest}; each context gets servers of its own, stopped with it. Every
 * test class runs on both kinds of infrastructure.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ TestInfrastructure.Data.class, TestInfrastructure.Smtp.class })
public class TestInfrastructure {

	/** The database the services use in tests. */
	public static final String DATABASE = "alerts";

	/**
	 * Kafka and MongoDB only, for tests that bring an SMTP server of their own (such as
	 * {@link ScriptedSmtpServer}).
	 */
	@TestConfiguration(proxyBeanMethods = false)
	@Import({ KafkaContainerServer.class, MongoContainerServer.class, EmbeddedKafka.class, EmbeddedMongo.class })
	public static class Data {

	}

	/**
	 * A {@link KafkaCluster} of three brokers that the test stops and starts, and
	 * MongoDB, for tests that bring an SMTP server of their own. The cluster is
	 * in-process whatever the mode, because the test reaches into it to stop and start
	 * single brokers.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	@Import({ KafkaCluster.Configuration.class, MongoContainerServer.class, EmbeddedMongo.class })
	public static class ClusterData {

	}

	@TestConfiguration(proxyBeanMethods = false)
	@Import({ MailContainer.class, EmbeddedMail.class })
	static class Smtp {

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnContainers.class)
	static class KafkaContainerServer {

		@Bean
		@ServiceConnection
		KafkaContainer kafkaContainer() {
			return new KafkaContainer(TestImages.KAFKA);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnContainers.class)
	static class MongoContainerServer {

		@Bean
		@ServiceConnection
		MongoDBContainer mongoContainer() {
			return new MongoDBContainer(TestImages.MONGODB);
		}

		@Bean
		DynamicPropertyRegistrar databaseName() {
			return (registry) -> registry.add("spring.mongodb.database", () -> DATABASE);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnContainers.class)
	static class MailContainer {

		@Bean
		GenericContainer<?> mailpitContainer() {
			return new GenericContainer<>(TestImages.MAILPIT).withExposedPorts(MailpitMailbox.SMTP_PORT,
					MailpitMailbox.HTTP_PORT);
		}

		@Bean
		DynamicPropertyRegistrar mailpitProperties(GenericContainer<?> mailpitContainer) {
			return (registry) -> {
				registry.add("spring.mail.host", mailpitContainer::getHost);
				registry.add("spring.mail.port", () -> mailpitContainer.getMappedPort(MailpitMailbox.SMTP_PORT));
			};
		}

		@Bean
		Mailbox mailbox(GenericContainer<?> mailpitContainer) {
			return new MailpitMailbox(mailpitContainer);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnEmbedded.class)
	static class EmbeddedKafka {

		@Bean
		EmbeddedKafkaKraftBroker embeddedKafka() {
			EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
			broker.brokerProperty("auto.create.topics.enable", "false");
			broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
			return broker;
		}

		@Bean
		DynamicPropertyRegistrar embeddedKafkaProperties(EmbeddedKafkaKraftBroker embeddedKafka) {
			return (registry) -> registry.add("spring.kafka.bootstrap-servers", embeddedKafka::getBrokersAsString);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnEmbedded.class)
	static class EmbeddedMongo {

		@Bean(destroyMethod = "shutdownNow")
		MongoServer mongoServer() {
			MongoServer server = new MongoServer(new MemoryBackend());
			server.bind("127.0.0.1", 0);
			return server;
		}

		@Bean
		DynamicPropertyRegistrar embeddedMongoProperties(MongoServer mongoServer) {
			return (registry) -> {
				registry.add("spring.mongodb.uri", mongoServer::getConnectionString);
				registry.add("spring.mongodb.database", () -> DATABASE);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnEmbedded.class)
	static class EmbeddedMail {

		@Bean(destroyMethod = "stop")
		GreenMail greenMail() {
			GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
			greenMail.start();
			return greenMail;
		}

		@Bean
		DynamicPropertyRegistrar greenMailProperties(GreenMail greenMail) {
			return (registry) -> {
				registry.add("spring.mail.host", () -> "127.0.0.1");
				registry.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
			};
		}

		@Bean
		Mailbox mailbox(GreenMail greenMail) {
			return new GreenMailMailbox(greenMail);
		}

	}

	static class OnContainers implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return InfrastructureMode.current() == InfrastructureMode.CONTAINERS;
		}

	}

	static class OnEmbedded implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return InfrastructureMode.current() == InfrastructureMode.EMBEDDED;
		}

	}

}
