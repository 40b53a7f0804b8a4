package org.solidarityalerts.dispatch.delivery;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;

import org.solidarityalerts.dispatch.DispatchApplication;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;
import org.solidarityalerts.testsupport.TestInfrastructure;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Dispatch against real Kafka and MongoDB and a relay that closes connections left idle
 * for one second, as real relays do after half a minute, with short retry backoffs and a
 * quick service-mail poll. Test classes with this annotation share one application
 * context, so they count what reached the relay per address or from their own start.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = DispatchApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=dispatch", "spring.profiles.active=local",
				"server.forward-headers-strategy=native", "alert.dispatch.mail.public-url=https://alerts.test",
				"alert.dispatch.delivery.first-retry-after=300ms", "alert.dispatch.delivery.backoff-multiplier=1",
				"alert.dispatch.delivery.max-attempts=3", "alert.dispatch.subscription.mail-poll=300ms" })
@Import({ TestInfrastructure.Data.class, IdleRelayIntegrationTest.IdleRelay.class })
public @interface IdleRelayIntegrationTest {

	/**
	 * A scripted SMTP server that drops connections idle for one second, and the mail
	 * settings that point dispatch at it.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	class IdleRelay {

		@Bean(destroyMethod = "close")
		ScriptedSmtpServer scriptedSmtpServer() {
			return new ScriptedSmtpServer(ScriptedSmtpServer.Relay.PLAIN.idleTimeout(Duration.ofSeconds(1)));
		}

		@Bean
		DynamicPropertyRegistrar scriptedSmtpProperties(ScriptedSmtpServer scriptedSmtpServer) {
			return (registry) -> {
				registry.add("spring.mail.host", () -> "127.0.0.1");
				registry.add("spring.mail.port", scriptedSmtpServer::port);
			};
		}

	}

}
