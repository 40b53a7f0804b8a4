package org.solidarityalerts.dispatch.feedback;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.solidarityalerts.dispatch.subscription.Fixtures;
import org.solidarityalerts.dispatch.DispatchApplication;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;
import org.solidarityalerts.testsupport.TestInfrastructure;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The application context the feedback tests share: dispatch on a random port with Kafka,
 * MongoDB, a scripted SMTP server to send through, its inbound SMTP endpoint on a free
 * loopback port, and both providers' webhooks configured.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = DispatchApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=dispatch", "spring.profiles.active=local",
				"alert.dispatch.inbound.enabled=true", "alert.dispatch.inbound.port=0",
				"alert.dispatch.inbound.bind-address=127.0.0.1",
				"alert.dispatch.feedback.mailgun.signing-key=" + FeedbackIntegrationTest.MAILGUN_KEY,
				"alert.dispatch.feedback.amazon-ses.region=eu-west-1",
				"alert.dispatch.feedback.amazon-ses.topic-arns=" + FeedbackIntegrationTest.SES_TOPIC })
@Import({ TestInfrastructure.Data.class, ScriptedSmtpServer.Configuration.class, FeedbackFixtures.class,
		SnsCertificates.class })
@interface FeedbackIntegrationTest {

	/** The domain whose mail dispatch reads: the List-Id domain by default. */
	String DOMAIN = "alerts.solidarity.example.org";

	/** The Mailgun webhook signing key of the tests. */
	String MAILGUN_KEY = "key-test-mailgun-signing-key-0123456789";

	/** The one SNS topic whose notifications are accepted. */
	String SES_TOPIC = "arn:aws:sns:eu-west-1:123456789012:ses-feedback";

}
