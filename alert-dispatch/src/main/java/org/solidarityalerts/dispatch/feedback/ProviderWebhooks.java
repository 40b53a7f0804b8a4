package org.solidarityalerts.dispatch.feedback;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.MailEvent.Feedback;
import org.solidarityalerts.contract.MailEvent.FeedbackSource;
import org.solidarityalerts.dispatch.feedback.FeedbackRecorder.ProviderReport;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.messagemanager.sns.SnsMessageManager;
import software.amazon.awssdk.messagemanager.sns.model.SnsMessage;
import software.amazon.awssdk.messagemanager.sns.model.SnsNotification;
import software.amazon.awssdk.messagemanager.sns.model.SnsSubscriptionConfirmation;
import software.amazon.awssdk.regions.Region;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed webhooks of two mail providers, for a deployment that sends through one of
 * them rather than straight to the receivers' servers:
 * <ul>
 * <li>Amazon SES, through an Amazon SNS topic ({@code POST /webhooks/amazon-ses}): the
 * SNS signature is verified with AWS's SNS message manager (the certificate must come
 * from {@code sns.REGION.amazonaws.com} and be issued to {@code sns.amazonaws.com}), and
 * only the configured topics are accepted. A {@code Bounce} of type {@code Permanent} is
 * a hard bounce, {@code Transient} a soft one, a {@code Complaint} a complaint. A genuine
 * {@code SubscriptionConfirmation} of a listed topic is confirmed by fetching its
 * SubscribeURL, but only if that is an https URL of {@code sns.REGION.amazonaws.com}; any
 * other is left to the operator (see docs/dispatch.md).</li>
 * <li>Mailgun ({@code POST /webhooks/mailgun}): HMAC-SHA256 of timestamp and token under
 * the webhook signing key, in hex; a timestamp older than {@code max-age} and a token
 * seen before are refused. {@code failed} (permanent: hard, temporary: soft),
 * {@code complained} and {@code unsubscribed} are acted on.</li>
 * </ul>
 * A request whose signature does not hold is answered 401 (RFC 9457 problem details) and
 * changes nothing; a webhook that is not configured answers 404.
 */
@RestController
class ProviderWebhooks implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(ProviderWebhooks.class);

	private final FeedbackProperties properties;

	private final FeedbackRecorder recorder;

	private final WebhookTokens tokens;

	private final Clock clock;

	private final JsonMapper json = JsonMapper.builder().build();

	private final @Nullable SnsMessageManager sns;

	private final SdkHttpClient snsClient;

	ProviderWebhooks(FeedbackProperties properties, FeedbackRecorder recorder, WebhookTokens tokens,
			SdkHttpClient snsCertificateClient, Clock clock) {
		this.properties = properties;
		this.recorder = recorder;
		this.tokens = tokens;
		this.clock = clock;
		this.snsClient = snsCertificateClient;
		this.sns = properties.amazonSes().enabled() ? SnsMessageManager.builder()
			.region(Region.of(properties.amazonSes().region()))
			.httpClient(snsCertificateClient)
			.build() : null;
	}

	@PostMapping("/webhooks/mailgun")
	ResponseEntity<?> mailgun(@RequestBody String body) {
		FeedbackProperties.Mailgun mailgun = this.properties.mailgun();
		if (!mailgun.enabled()) {
			return problem(HttpStatus.NOT_FOUND, "This webhook is not configured.");
		}
		JsonNode request;
		try {
			request = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			return problem(HttpStatus.BAD_REQUEST, "The body is not JSON.");
		}
		JsonNode signature = request.path("signature");
		String timestamp = signature.path("timestamp").asString("");
		String token = signature.path("token").asString("");
		if (!mailgunSignatureHolds(mailgun.signingKey(), timestamp, token, signature.path("signature").asString(""))
				|| !fresh(timestamp, mailgun.maxAge())) {
			return problem(HttpStatus.UNAUTHORIZED, "The signature is not valid.");
		}
		if (!this.tokens.firstUse("mailgun", token)) {
			return problem(HttpStatus.UNAUTHORIZED, "This request was already received.");
		}
		JsonNode event = request.path("event-data");
		String recipient = event.path("recipient").asString("");
		String messageId = event.path("message").path("headers").path("message-id").asString(null);
		ProviderReport report = switch (event.path("event").asString("")) {
			case "failed" -> new ProviderReport(
					"permanent".equals(event.path("severity").asString("")) ? Feedback.HARD_BOUNCE
							: Feedback.SOFT_BOUNCE,
					FeedbackSource.MAILGUN, statusCode(event.path("delivery-status").path("code").asString(null)),
					messageId);
			case "complained" -> new ProviderReport(Feedback.COMPLAINT, FeedbackSource.MAILGUN, "abuse", messageId);
			case "unsubscribed" -> new ProviderReport(Feedback.UNSUBSCRIBE, FeedbackSource.MAILGUN, null, messageId);
			default -> null;
		};
		if (report != null && !recipient.isBlank()) {
			this.recorder.recordAddress(recipient, report);
		}
		return ResponseEntity.ok().build();
	}

	@PostMapping("/webhooks/amazon-ses")
	ResponseEntity<?> amazonSes(@RequestBody String body) {
		SnsMessageManager manager = this.sns;
		if (manager == null) {
			return problem(HttpStatus.NOT_FOUND, "This webhook is not configured.");
		}
		SnsMessage message;
		try {
			message = manager.parseMessage(body);
		}
		catch (SdkClientException | IllegalArgumentException ex) {
			logger.info("Refused an Amazon SNS message: {}", ex.getMessage());
			return problem(HttpStatus.UNAUTHORIZED, "The signature is not valid.");
		}
		if (!this.properties.amazonSes().topicArns().contains(message.topicArn())) {
			return problem(HttpStatus.FORBIDDEN, "Notifications of this topic are not accepted.");
		}
		if (message instanceof SnsSubscriptionConfirmation confirmation) {
			confirm(confirmation);
			return ResponseEntity.ok().build();
		}
		if (!(message instanceof SnsNotification notification)
				|| !this.tokens.firstUse("amazon-ses", message.messageId())) {
			return ResponseEntity.ok().build();
		}
		try {
			sesNotification(this.json.readTree(notification.message()));
		}
		catch (JacksonException ex) {
			logger.info("Ignored an Amazon SES notification that is not JSON");
		}
		return ResponseEntity.ok().build();
	}

	/**
	 * Confirms the subscription of a listed topic, as SNS asks, by fetching its
	 * SubscribeURL from SNS's own regional endpoint; any other URL is not fetched.
	 */
	private void confirm(SnsSubscriptionConfirmation confirmation) {
		URI url = confirmation.subscribeUrl();
		String host = "sns." + this.properties.amazonSes().region() + ".amazonaws.com";
		if (url == null || !"https".equals(url.getScheme()) || !host.equals(url.getHost())) {
			logger.warn("Amazon SNS asks to confirm the subscription of topic {} at another host than {}: confirm it "
					+ "in the SNS console", confirmation.topicArn(), host);
			return;
		}
		try {
			HttpExecuteResponse response = this.snsClient
				.prepareRequest(HttpExecuteRequest.builder()
					.request(SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(url).build())
					.build())
				.call();
			if (response.responseBody().isPresent()) {
				response.responseBody().get().close();
			}
			if (response.httpResponse().isSuccessful()) {
				logger.info("Confirmed the Amazon SNS subscription of topic {}", confirmation.topicArn());
			}
			else {
				logger.warn("Amazon SNS answered {} to the confirmation of topic {}: confirm it in the SNS console",
						response.httpResponse().statusCode(), confirmation.topicArn());
			}
		}
		catch (IOException ex) {
			logger.warn("Could not confirm the Amazon SNS subscription of topic {}: {}", confirmation.topicArn(),
					ex.getMessage());
		}
	}

	private void sesNotification(JsonNode notification) {
		String type = notification.path("notificationType").asString(notification.path("eventType").asString(""));
		String messageId = notification.path("mail").path("commonHeaders").path("messageId").asString(null);
		switch (type) {
			case "Bounce" -> {
				JsonNode bounce = notification.path("bounce");
				String bounceType = bounce.path("bounceType").asString("");
				Feedback feedback = switch (bounceType) {
					case "Permanent" -> Feedback.HARD_BOUNCE;
					case "Transient" -> Feedback.SOFT_BOUNCE;
					default -> null;
				};
				if (feedback == null) {
					return;
				}
				for (JsonNode recipient : bounce.path("bouncedRecipients")) {
					this.recorder.recordAddress(recipient.path("emailAddress").asString(""),
							new ProviderReport(feedback, FeedbackSource.AMAZON_SES,
									statusCode(recipient.path("status").asString(null)), messageId));
				}
			}
			case "Complaint" -> {
				JsonNode complaint = notification.path("complaint");
				String feedbackType = complaint.path("complaintFeedbackType").asString("abuse");
				if ("not-spam".equals(feedbackType)) {
					return;
				}
				for (JsonNode recipient : complaint.path("complainedRecipients")) {
					this.recorder.recordAddress(recipient.path("emailAddress").asString(""),
							new ProviderReport(Feedback.COMPLAINT, FeedbackSource.AMAZON_SES,
									feedbackType.matches("[a-z0-9-]{1,40}") ? feedbackType : "abuse", messageId));
				}
			}
			default -> {
				// Deliveries and other notifications change nothing.
			}
		}
	}

	/**
	 * A status code as reported, if it is one: never free text, which may name an
	 * address.
	 */
	private static @Nullable String statusCode(@Nullable String code) {
		return (code != null && code.strip().matches("[0-9][0-9.]{0,10}")) ? code.strip() : null;
	}

	private boolean fresh(String timestamp, Duration maxAge) {
		try {
			Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
			Instant now = this.clock.instant();
			return !signedAt.isBefore(now.minus(maxAge)) && !signedAt.isAfter(now.plus(Duration.ofMinutes(1)));
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	static boolean mailgunSignatureHolds(@Nullable String key, String timestamp, String token, String signature) {
		if (key == null || timestamp.isEmpty() || token.isEmpty() || token.length() > 200) {
			return false;
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] expected = mac.doFinal((timestamp + token).getBytes(StandardCharsets.UTF_8));
			return MessageDigest.isEqual(HexFormat.of().formatHex(expected).getBytes(StandardCharsets.US_ASCII),
					signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
		return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
	}

	@Override
	public void destroy() {
		if (this.sns != null) {
			this.sns.close();
		}
	}

}
