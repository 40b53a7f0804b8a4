package org.solidarityalerts.dispatch.subscription;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.solidarityalerts.dispatch.DispatchApplication;
import org.solidarityalerts.testsupport.TestInfrastructure;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The one application context every subscription test shares: dispatch on a random port
 * with Kafka, MongoDB and SMTP of its own. Links in e-mails point at
 * {@value #PUBLIC_URL}; the client's address is taken from {@code X-Forwarded-For}, so
 * each test can be a different client.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = DispatchApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=dispatch", "spring.profiles.active=local",
				"server.forward-headers-strategy=native",
				"alert.dispatch.mail.public-url=" + DispatchIntegrationTest.PUBLIC_URL,
				"alert.dispatch.subscription.list-import.operator-password={noop}"
						+ DispatchIntegrationTest.OPERATOR_PASSWORD,
				"alert.dispatch.subscription.list-import.max-size=4KB", "alert.dispatch.subscription.max-form-size=8KB",
				"alert.dispatch.subscription.rate-limit.per-client=" + DispatchIntegrationTest.SIGN_UPS_PER_CLIENT,
				"alert.dispatch.subscription.rate-limit.per-address="
						+ DispatchIntegrationTest.SIGN_UP_EMAILS_PER_ADDRESS })
@Import(TestInfrastructure.class)
public @interface DispatchIntegrationTest {

	/** Where e-mails say the service is. */
	String PUBLIC_URL = "https://alerts.test";

	/** Sign-ups one client IP address may make in ten minutes (20 in production). */
	int SIGN_UPS_PER_CLIENT = 6;

	/** E-mails sign-ups may send one address in an hour (as in production). */
	int SIGN_UP_EMAILS_PER_ADDRESS = 3;

	/** The operator's password for the CSV import. */
	String OPERATOR_PASSWORD = "test-operator-password";

}
