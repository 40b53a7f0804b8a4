package org.solidarityalerts.dashboard;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.NewTopic;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.testsupport.TestInfrastructure;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The dashboard on a random port with Kafka and MongoDB of its own, the service's topics
 * created as dispatch would create them, an operator {@value #OPERATOR} and a viewer
 * {@value #VIEWER} whose passwords are configured as bcrypt hashes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = DashboardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=dashboard",
				"alert.dashboard.users[0].name=" + DashboardIntegrationTest.OPERATOR,
				"alert.dashboard.users[0].password={bcrypt}$2a$10$WAho2Wro.ZLJ.aBBgk6gkeMyWH4w.mVrBIsnXzYrOo0hyx2RYzNjS",
				"alert.dashboard.users[0].role=OPERATOR",
				"alert.dashboard.users[1].name=" + DashboardIntegrationTest.VIEWER,
				"alert.dashboard.users[1].password={bcrypt}$2a$10$oZw3Zk5unwzhPtW7qrrHY.vfUHVTb6dgDLuUMlxH8AgzHI6.zqLES",
				"alert.dashboard.users[1].role=VIEWER", "alert.dashboard.topics.sample-interval=300ms",
				"alert.dashboard.live.update-interval=300ms", "alert.dashboard.live.heartbeat=2s",
				"alert.dashboard.health.smtp-port=1" })
@Import({ TestInfrastructure.Data.class, DashboardIntegrationTest.ServiceTopics.class })
public @interface DashboardIntegrationTest {

	/** The operator's login name. */
	String OPERATOR = "ada";

	/** The operator's password. */
	String OPERATOR_PASSWORD = "operator-password-for-tests";

	/** The viewer's login name. */
	String VIEWER = "sam";

	/** The viewer's password. */
	String VIEWER_PASSWORD = "viewer-password-for-tests";

	/**
	 * The service's topics and dead-letter topics, which dispatch creates in production.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	class ServiceTopics {

		@Bean
		KafkaAdmin.NewTopics serviceTopics() {
			Stream<NewTopic> topics = Topics.ALL.stream()
				.map((topic) -> TopicBuilder.name(topic.name()).partitions(topic.partitions()).replicas(1).build());
			Stream<NewTopic> deadLetters = Topics.ALL.stream()
				.filter(Topics.TopicSpec::deadLetters)
				.map((topic) -> TopicBuilder.name(Topics.deadLetterOf(topic.name()))
					.partitions(topic.partitions())
					.replicas(1)
					.build());
			return new KafkaAdmin.NewTopics(Stream.concat(topics, deadLetters).toArray(NewTopic[]::new));
		}

	}

}
