package org.solidarityalerts.dispatch.feedback;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.solidarityalerts.dispatch.subscription.Fixtures;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.MailEvent;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dispatch.feedback.FeedbackFixtures.Sent;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.dispatch.subscriber.SuppressionList;
import org.solidarityalerts.testsupport.TopicReader;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mail providers' webhooks, posted as the providers post them: Amazon SES
 * notifications through a signed Amazon SNS message, and Mailgun's signed events. A bad
 * signature, an unlisted topic, a stale or replayed Mailgun request changes nothing.
 */
@FeedbackIntegrationTest
class ProviderWebhooksIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	FeedbackFixtures fixtures;

	@Autowired
	SnsCertificates sns;

	@Autowired
	SuppressionList suppressions;

	@Autowired
	KafkaConnectionDetails kafkaConnection;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aSignedAmazonSesPermanentBounceSuppressesAndIsPublished() throws Exception {
		Subscriber subscriber = this.fixtures.subscriber("ses-gone");
		AlertSnapshot alert = FeedbackFixtures.alert();
		Sent sent = this.fixtures.mailAlert(subscriber, alert);

		try (TopicReader events = new TopicReader(bootstrap(), Topics.MAIL_EVENTS)) {
			HttpResponse<String> answer = post("/webhooks/amazon-ses", "text/plain; charset=UTF-8", this.sns
				.notification(FeedbackIntegrationTest.SES_TOPIC, sesBounce(subscriber, sent, "Permanent", "5.1.1")));

			assertThat(answer.statusCode()).isEqualTo(200);
			assertThat(this.fixtures.reload(subscriber).status()).isEqualTo(SubscriberStatus.SUPPRESSED);
			assertThat(this.suppressions.isSuppressed(subscriber.email())).isTrue();
			await().untilAsserted(
					() -> assertThat(events.records()).filteredOn((record) -> record.key().equals(subscriber.id()))
						.singleElement()
						.satisfies((record) -> {
							MailEvent.FeedbackReceived received = (MailEvent.FeedbackReceived) WireFormat.jsonMapper()
								.readValue(record.value(), ContractEvent.class);
							assertThat(received.feedback()).isEqualTo(MailEvent.Feedback.HARD_BOUNCE);
							assertThat(received.source()).isEqualTo(MailEvent.FeedbackSource.AMAZON_SES);
							assertThat(received.alertVersion()).isEqualTo(alert.alertVersion());
							assertThat(received.detail()).isEqualTo("5.1.1");
						}));
		}
	}

	@Test
	void anAmazonSesComplaintUnsubscribesAndSuppresses() throws Exception {
		Subscriber subscriber = this.fixtures.subscriber("ses-annoyed");
		Sent sent = this.fixtures.mailAlert(subscriber, FeedbackFixtures.alert());

		HttpResponse<String> answer = post("/webhooks/amazon-ses", "text/plain; charset=UTF-8",
				this.sns.notification(FeedbackIntegrationTest.SES_TOPIC, sesComplaint(subscriber, sent)));

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(this.fixtures.reload(subscriber).status()).isEqualTo(SubscriberStatus.SUPPRESSED);
		assertThat(this.suppressions.isSuppressed(subscriber.email())).isTrue();
	}

	@Test
	void anAmazonSnsMessageWithABadSignatureGets401AndChangesNothing() throws Exception {
		Subscriber subscriber = this.fixtures.subscriber("ses-forged");
		Sent sent = this.fixtures.mailAlert(subscriber, FeedbackFixtures.alert());
		String genuine = this.sns.notification(FeedbackIntegrationTest.SES_TOPIC,
				sesBounce(subscriber, sent, "Permanent", "5.1.1"));
		String forged = genuine.replace("Permanent", "Transient");

		HttpResponse<String> answer = post("/webhooks/amazon-ses", "text/plain; charset=UTF-8", forged);

		assertThat(answer.statusCode()).isEqualTo(401);
		assertThat(answer.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(this.fixtures.reload(subscriber).status()).isEqualTo(SubscriberStatus.CONFIRMED);
		assertThat(this.suppressions.isSuppressed(subscriber.email())).isFalse();
	}

	@Test
	void aGenuineNotificationOfAnUnlistedTopicIsRefused() throws Exception {
		Subscriber subscriber = this.fixtures.subscriber("ses-other-topic");
		Sent sent = this.fixtures.mailAlert(subscriber, FeedbackFixtures.alert());

		HttpResponse<String> answer = post("/webhooks/amazon-ses", "text/plain; charset=UTF-8",
				this.sns.notification("arn:aws:sns:eu-west-1:999999999999:someone-elses-topic",
						sesBounce(subscriber, sent, "Permanent", "5.1.1")));

		assertThat(answer.statusCode()).isEqualTo(403);
		assertThat(this.fixtures.reload(subscriber).status()).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void aSubscriptionConfirmationOfAListedTopicIsConfirmedAtSnsAndNoOtherUrlIsFetched() throws Exception {
		String subscribeUrl = SnsCertificates.SUBSCRIBE_URL + "&TopicArn="
				+ java.net.URLEncoder.encode(FeedbackIntegrationTest.SES_TOPIC, StandardCharsets.UTF_8) + "&Token="
				+ UUID.randomUUID();
		String elsewhere = "https://attacker.test/?Action=ConfirmSubscription&Token=" + UUID.randomUUID();
		String unlisted = SnsCertificates.SUBSCRIBE_URL + "&TopicArn=other&Token=" + UUID.randomUUID();

		assertThat(post("/webhooks/amazon-ses", "text/plain; charset=UTF-8",
				this.sns.subscriptionConfirmation(FeedbackIntegrationTest.SES_TOPIC, subscribeUrl))
			.statusCode()).isEqualTo(200);
		assertThat(post("/webhooks/amazon-ses", "text/plain; charset=UTF-8",
				this.sns.subscriptionConfirmation(FeedbackIntegrationTest.SES_TOPIC, elsewhere))
			.statusCode()).isEqualTo(200);
		assertThat(post("/webhooks/amazon-ses", "text/plain; charset=UTF-8",
				this.sns.subscriptionConfirmation("arn:aws:sns:eu-west-1:999999999999:other", unlisted))
			.statusCode()).isEqualTo(403);

		assertThat(this.sns.fetched()).extracting(URI::toString)
			.contains(subscribeUrl)
			.doesNotContain(elsewhere, unlisted);
	}

	@Test
	void aSignedMailgunPermanentFailureSuppressesAndTheSameRequestReplayedIsRefused() throws Exception {
		Subscriber subscriber = this.fixtures.subscriber("mailgun-gone");
		Sent sent = this.fixtures.mailAlert(subscriber, FeedbackFixtures.alert());
		String request = mailgun(FeedbackIntegrationTest.MAILGUN_KEY, Instant.now(),
				mailgunEvent("failed", "permanent", subscriber, sent));

		HttpResponse<String> answer = post("/webhooks/mailgun", "application/json", request);

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(this.fixtures.reload(subscriber).status()).isEqualTo(SubscriberStatus.SUPPRESSED);

		HttpResponse<String> replayed = post("/webhooks/mailgun", "application/json", request);
		assertThat(replayed.statusCode()).isEqualTo(401);
		assertThat(replayed.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

	@Test
	void aMailgunComplaintUnsubscribesAndSuppressesAndAnUnsubscribeUnsubscribes() throws Exception {
		Subscriber annoyed = this.fixtures.subscriber("mailgun-annoyed");
		Subscriber leaver = this.fixtures.subscriber("mailgun-leaver");
		Sent toAnnoyed = this.fixtures.mailAlert(annoyed, FeedbackFixtures.alert());
		Sent toLeaver = this.fixtures.mailAlert(leaver, FeedbackFixtures.alert());

		assertThat(post("/webhooks/mailgun", "application/json", mailgun(FeedbackIntegrationTest.MAILGUN_KEY,
				Instant.now(), mailgunEvent("complained", null, annoyed, toAnnoyed)))
			.statusCode()).isEqualTo(200);
		assertThat(post("/webhooks/mailgun", "application/json", mailgun(FeedbackIntegrationTest.MAILGUN_KEY,
				Instant.now(), mailgunEvent("unsubscribed", null, leaver, toLeaver)))
			.statusCode()).isEqualTo(200);

		assertThat(this.fixtures.reload(annoyed).status()).isEqualTo(SubscriberStatus.SUPPRESSED);
		assertThat(this.fixtures.reload(leaver).status()).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
		assertThat(this.suppressions.isSuppressed(leaver.email())).isFalse();
	}

	@Test
	void aMailgunRequestWithABadSignatureOrAStaleTimestampGets401AndChangesNothing() throws Exception {
		Subscriber subscriber = this.fixtures.subscriber("mailgun-forged");
		Sent sent = this.fixtures.mailAlert(subscriber, FeedbackFixtures.alert());
		String event = mailgunEvent("failed", "permanent", subscriber, sent);

		HttpResponse<String> wrongKey = post("/webhooks/mailgun", "application/json",
				mailgun("key-someone-else", Instant.now(), event));
		HttpResponse<String> stale = post("/webhooks/mailgun", "application/json",
				mailgun(FeedbackIntegrationTest.MAILGUN_KEY, Instant.now().minusSeconds(3600), event));

		for (HttpResponse<String> answer : java.util.List.of(wrongKey, stale)) {
			assertThat(answer.statusCode()).isEqualTo(401);
			assertThat(answer.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(answer.body()).contains("\"status\":401");
		}
		assertThat(this.fixtures.reload(subscriber).status()).isEqualTo(SubscriberStatus.CONFIRMED);
		assertThat(this.suppressions.isSuppressed(subscriber.email())).isFalse();
	}

	private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** The Message-ID header of a received message. */
	private static String messageId(Sent sent) throws Exception {
		return sent.message().getMessageID();
	}

	/** An Amazon SES bounce notification, as SES publishes it to SNS. */
	private static String sesBounce(Subscriber subscriber, Sent sent, String type, String status) throws Exception {
		return """
				{"notificationType":"Bounce",
				 "bounce":{"feedbackId":"0100017-test","bounceType":"%s","bounceSubType":"General",
				  "bouncedRecipients":[{"emailAddress":"%s","action":"failed","status":"%s",
				   "diagnosticCode":"smtp; 550 5.1.1 user unknown"}],
				  "timestamp":"2026-11-26T03:00:00.000Z","reportingMTA":"dsn; a8-30.smtp-out.amazonses.com"},
				 "mail":{"timestamp":"2026-11-26T02:59:58.000Z","source":"%s","messageId":"0100017-ses-id",
				  "destination":["%s"],"headersTruncated":false,
				  "commonHeaders":{"from":["Solidarity alerts <alerts@solidarity.example.org>"],"to":["%s"],
				   "messageId":"%s","subject":"Dana Serikova begins a hunger strike"}}}
				""".formatted(type, subscriber.email(), status, sent.envelopeSender(), subscriber.email(),
				subscriber.email(), messageId(sent));
	}

	/** An Amazon SES complaint notification. */
	private static String sesComplaint(Subscriber subscriber, Sent sent) throws Exception {
		return """
				{"notificationType":"Complaint",
				 "complaint":{"feedbackId":"0100017-test","complaintSubType":null,
				  "complainedRecipients":[{"emailAddress":"%s"}],"timestamp":"2026-11-26T03:00:00.000Z",
				  "userAgent":"Mailbox Feedback","complaintFeedbackType":"abuse"},
				 "mail":{"timestamp":"2026-11-26T02:59:58.000Z","source":"%s","messageId":"0100017-ses-id",
				  "destination":["%s"],
				  "commonHeaders":{"messageId":"%s","subject":"Dana Serikova begins a hunger strike"}}}
				""".formatted(subscriber.email(), sent.envelopeSender(), subscriber.email(), messageId(sent));
	}

	/** The event-data of a Mailgun webhook. */
	private static String mailgunEvent(String event, String severity, Subscriber subscriber, Sent sent)
			throws Exception {
		String id = messageId(sent);
		return """
				{"id":"%s","timestamp":%d.12,"log-level":"error","event":"%s",%s
				 "recipient":"%s","recipient-domain":"example.org",
				 "message":{"headers":{"to":"%s","message-id":"%s","from":"alerts@solidarity.example.org",
				  "subject":"Dana Serikova begins a hunger strike"},"size":4711},
				 "delivery-status":{"code":550,"message":"5.1.1 The email account does not exist",
				  "description":"","attempt-no":1}}
				""".formatted(UUID.randomUUID(), Instant.now().getEpochSecond(), event,
				(severity != null) ? "\"severity\":\"" + severity + "\",\"reason\":\"bounce\"," : "",
				subscriber.email(), subscriber.email(), id.substring(1, id.length() - 1));
	}

	/** A Mailgun webhook request: the signature and the event. */
	private static String mailgun(String key, Instant at, String eventData) throws GeneralSecurityException {
		String timestamp = Long.toString(at.getEpochSecond());
		String token = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		String signature = HexFormat.of().formatHex(mac.doFinal((timestamp + token).getBytes(StandardCharsets.UTF_8)));
		return """
				{"signature":{"timestamp":"%s","token":"%s","signature":"%s"},"event-data":%s}
				""".formatted(timestamp, token, signature, eventData);
	}

	private String bootstrap() {
		return String.join(",", this.kafkaConnection.getBootstrapServers());
	}

}
