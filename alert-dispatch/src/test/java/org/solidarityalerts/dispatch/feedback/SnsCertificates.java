package org.solidarityalerts.dispatch.feedback;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Amazon SNS as far as a subscriber's endpoint sees it: a signing certificate issued to
 * {@code sns.amazonaws.com} (generated here with BouncyCastle), served at
 * {@value #CERT_URL} through the SDK HTTP client that the SNS message manager is given,
 * and messages signed as SNS signs them (SignatureVersion 2, SHA256withRSA over the
 * canonical fields).
 */
@TestConfiguration(proxyBeanMethods = false)
class SnsCertificates {

	static final String CERT_URL = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-test.pem";

	static final String SUBSCRIBE_URL = "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription";

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private final KeyPair keys;

	private final List<URI> fetched = new CopyOnWriteArrayList<>();

	private final String pem;

	SnsCertificates() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		this.keys = generator.generateKeyPair();
		Instant now = Instant.now();
		X500Name name = new X500Name("CN=sns.amazonaws.com");
		JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
				BigInteger.valueOf(now.getEpochSecond()), Date.from(now.minus(Duration.ofDays(1))),
				Date.from(now.plus(Duration.ofDays(30))), name, this.keys.getPublic());
		builder.addExtension(Extension.subjectAlternativeName, false,
				new GeneralNames(new GeneralName(GeneralName.dNSName, "sns.amazonaws.com")));
		var certificate = new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(this.keys.getPrivate())));
		StringWriter out = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
			writer.writeObject(certificate);
		}
		this.pem = out.toString();
	}

	@Bean
	@Primary
	SdkHttpClient testSnsCertificateClient() {
		return new SdkHttpClient() {

			@Override
			public ExecutableHttpRequest prepareRequest(software.amazon.awssdk.http.HttpExecuteRequest request) {
				URI uri = request.httpRequest().getUri();
				return new ExecutableHttpRequest() {

					@Override
					public HttpExecuteResponse call() {
						SnsCertificates.this.fetched.add(uri);
						boolean known = uri.toString().equals(CERT_URL);
						boolean confirmation = uri.toString().startsWith(SUBSCRIBE_URL);
						return HttpExecuteResponse.builder()
							.response(SdkHttpResponse.builder().statusCode((known || confirmation) ? 200 : 404).build())
							.responseBody(AbortableInputStream.create(new ByteArrayInputStream(
									(known ? SnsCertificates.this.pem : "").getBytes(StandardCharsets.US_ASCII))))
							.build();
					}

					@Override
					public void abort() {
					}

				};
			}

			@Override
			public void close() {
			}

		};
	}

	/**
	 * An SNS notification as SNS posts it, signed.
	 * @param topicArn the topic
	 * @param message the notification's message (for SES, its JSON)
	 * @return the HTTP body
	 */
	String notification(String topicArn, String message) {
		String messageId = UUID.randomUUID().toString();
		String timestamp = TIMESTAMP.format(Instant.now());
		String canonical = "Message\n" + message + "\nMessageId\n" + messageId + "\nTimestamp\n" + timestamp
				+ "\nTopicArn\n" + topicArn + "\nType\nNotification\n";
		Map<String, String> body = new LinkedHashMap<>();
		body.put("Type", "Notification");
		body.put("MessageId", messageId);
		body.put("TopicArn", topicArn);
		body.put("Message", message);
		body.put("Timestamp", timestamp);
		body.put("SignatureVersion", "2");
		body.put("Signature", sign(canonical));
		body.put("SigningCertURL", CERT_URL);
		body.put("UnsubscribeURL", "https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=" + topicArn
				+ ":" + UUID.randomUUID());
		return JsonMapper.builder().build().writeValueAsString(body);
	}

	/**
	 * A subscription confirmation as SNS posts it, signed.
	 * @param topicArn the topic
	 * @param subscribeUrl where SNS says to confirm
	 * @return the HTTP body
	 */
	String subscriptionConfirmation(String topicArn, String subscribeUrl) {
		String messageId = UUID.randomUUID().toString();
		String timestamp = TIMESTAMP.format(Instant.now());
		String token = "2336412f37fb687f5d51e6e2425dacbba" + UUID.randomUUID().toString().replace("-", "");
		String message = "You have chosen to subscribe to the topic " + topicArn
				+ ".\nTo confirm the subscription, visit the SubscribeURL included in this message.";
		String canonical = "Message\n" + message + "\nMessageId\n" + messageId + "\nSubscribeURL\n" + subscribeUrl
				+ "\nTimestamp\n" + timestamp + "\nToken\n" + token + "\nTopicArn\n" + topicArn
				+ "\nType\nSubscriptionConfirmation\n";
		Map<String, String> body = new LinkedHashMap<>();
		body.put("Type", "SubscriptionConfirmation");
		body.put("MessageId", messageId);
		body.put("Token", token);
		body.put("TopicArn", topicArn);
		body.put("Message", message);
		body.put("SubscribeURL", subscribeUrl);
		body.put("Timestamp", timestamp);
		body.put("SignatureVersion", "2");
		body.put("Signature", sign(canonical));
		body.put("SigningCertURL", CERT_URL);
		return JsonMapper.builder().build().writeValueAsString(body);
	}

	/**
	 * The URLs fetched through the SNS webhook's HTTP client so far.
	 * @return the URLs, in order
	 */
	List<URI> fetched() {
		return List.copyOf(this.fetched);
	}

	private String sign(String canonical) {
		try {
			Signature signature = Signature.getInstance("SHA256withRSA");
			signature.initSign(this.keys.getPrivate());
			signature.update(canonical.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(signature.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
