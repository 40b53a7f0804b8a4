package org.solidarityalerts.dispatch.delivery;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.solidarityalerts.dispatch.DispatchApplication;
import org.solidarityalerts.dispatch.operations.DispatchMetrics;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;
import org.solidarityalerts.testsupport.TestClock;
import org.solidarityalerts.testsupport.TestInfrastructure;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * Dispatch against real Kafka and MongoDB and an SMTP server that defers, refuses and
 * slows down on cue, with short retry backoffs and small batches. Test classes with this
 * annotation share one application context, whose clock tests can move forward. Its
 * metrics are a Mockito spy, so that a test can see what happens at the SMTP send (stubs
 * are reset after each test); declared here rather than in that test, so that the context
 * stays shared. The server offers PIPELINING, as Postfix does, so these tests go through
 * the pipelined send path that production relays get (the path without it is covered by
 * the sender's own tests and by every other context).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = DispatchApplication.class,
		properties = { "spring.config.name=dispatch", "spring.profiles.active=local",
				"alert.dispatch.delivery.first-retry-after=300ms", "alert.dispatch.delivery.backoff-multiplier=1",
				"alert.dispatch.delivery.max-attempts=3", "alert.dispatch.delivery.claim-timeout=5s",
				"alert.dispatch.fan-out.batch-size=3" })
@Import({ TestInfrastructure.Data.class, ScriptedSmtpServer.PipeliningConfiguration.class,
		TestClock.Configuration.class })
@MockitoSpyBean(types = DispatchMetrics.class)
@interface ScriptedSmtpIntegrationTest {

}
