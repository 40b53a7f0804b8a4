package org.solidarityalerts.ingest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.solidarityalerts.testsupport.TestClock;
import org.solidarityalerts.testsupport.TestInfrastructure;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * alert-ingest on a random port with its own Kafka broker and MongoDB, a controllable
 * clock, a bootstrap operator key, limits small enough to test, and webhooks that may
 * call plain http:// receivers on the loopback address and retry within a second. Every
 * test class that uses it shares one application context (and so one broker), through
 * Spring's context cache.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = IngestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=ingest", "alert.ingest.relay.poll-interval=200ms",
				"alert.ingest.limits.requests-per-key=" + IngestIntegrationTest.REQUESTS_PER_KEY,
				"alert.ingest.limits.max-request-size=256KB", "alert.ingest.webhooks.allow-http=true",
				"alert.ingest.webhooks.poll-interval=100ms", "alert.ingest.webhooks.initial-backoff=300ms",
				"alert.ingest.webhooks.max-backoff=1s", "alert.ingest.webhooks.max-attempts=4",
				"alert.ingest.webhooks.timeout=3s", "alert.ingest.webhooks.allow-private-addresses=true",
				"alert.ingest.bootstrap.operator-key=" + IngestIntegrationTest.OPERATOR_KEY })
@Import({ TestInfrastructure.class, TestClock.Configuration.class })
public @interface IngestIntegrationTest {

	/** The operator key registered at start-up. */
	String OPERATOR_KEY = "sa_testoperator_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";

	/** How many requests one key may make per minute in tests. */
	int REQUESTS_PER_KEY = 40;

}
