package org.solidarityalerts.dispatch.subscription;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.Campaign;
import org.solidarityalerts.contract.LocalizedContent;
import org.solidarityalerts.dispatch.subscriber.Cadence;
import org.solidarityalerts.dispatch.subscriber.Preferences;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.dispatch.subscriber.SubscriberStore;
import org.solidarityalerts.testsupport.Mailbox;
import org.solidarityalerts.testsupport.Mails;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Test data and waiting for mail, shared by the subscription tests.
 */
public final class Fixtures {

	private static final AtomicInteger clients = new AtomicInteger();

	private Fixtures() {
	}

	/**
	 * A client IP address no other test uses.
	 * @return an address in the documentation range
	 */
	public static String newClient() {
		int n = clients.incrementAndGet();
		return "198.51." + (n / 250) + "." + (n % 250 + 1);
	}

	/**
	 * An address no other test uses.
	 * @param who a readable part
	 * @return the address
	 */
	public static String newAddress(String who) {
		return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
	}

	public static Subscriber insert(MongoTemplate mongo, String email, SubscriberStatus status, String campaign) {
		Instant now = Instant.now();
		return mongo.insert(new Subscriber(UUID.randomUUID().toString(), email, Subscriber.keyOf(email), "Amina", "GB",
				List.of("en"), "Europe/London", status,
				new Preferences(List.of(campaign), List.of(), List.of(AlertKind.values()), Cadence.IMMEDIATE), now,
				(status == SubscriberStatus.CONFIRMED) ? now : null));
	}

	public static Subscriber byEmail(MongoTemplate mongo, String email) {
		return mongo.findOne(Query.query(Criteria.where("emailKey").is(Subscriber.keyOf(email))), Subscriber.class);
	}

	public static AlertSnapshot alert(String campaign, String country, AlertKind kind) {
		return new AlertSnapshot(AlertId.random(), 1, kind, "justice-for-dana", new Campaign(campaign, "Free Dana"),
				country, List.of(), "en", Map.of("en", new LocalizedContent("Dana Serikova begins a hunger strike",
						"Write to the court today.", "<p>Please write today.</p>", null)),
				List.of(), Instant.now(), null, null);
	}

	public static List<String> audience(SubscriberStore store, AlertSnapshot alert) {
		List<String> ids = new ArrayList<>();
		store.streamAudience(alert, null, 100, ids::add);
		return ids;
	}

	/**
	 * Waits for the one message an address should get.
	 * @param mailbox the test SMTP server's mailbox
	 * @param email the address
	 * @return the message
	 */
	public static MimeMessage awaitOnlyMail(Mailbox mailbox, String email) {
		await().atMost(Duration.ofSeconds(30)).until(() -> !mailbox.receivedBy(email).isEmpty());
		List<MimeMessage> received = mailbox.receivedBy(email);
		assertThat(received).hasSize(1);
		return received.getFirst();
	}

	/**
	 * Checks for a while that an address receives nothing.
	 * @param mailbox the test SMTP server's mailbox
	 * @param email the address
	 */
	public static void assertNoMailFor(Mailbox mailbox, String email) {
		await().during(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> mailbox.receivedBy(email).isEmpty());
	}

	/**
	 * The first link in a message's text that starts with a prefix.
	 * @param message the message
	 * @param prefix where the link starts, after the public URL
	 * @return the link, absolute
	 */
	public static String link(MimeMessage message, String prefix) {
		Matcher matcher = Pattern.compile(Pattern.quote(DispatchIntegrationTest.PUBLIC_URL + prefix) + "\\S+")
			.matcher(Mails.text(message));
		assertThat(matcher.find()).as("a link to %s in the e-mail", prefix).isTrue();
		return matcher.group();
	}

	public static Map.Entry<String, String> field(String name, String value) {
		return Map.entry(name, value);
	}

	/** A sign-up through the public API, as a campaign site sends it. */
	public static HttpResponse<String> signUpThroughTheApi(Web client, String email) {
		return client.postJson("/api/v1/subscriptions", """
				{"email": "%s", "name": "Jonas", "residenceCountry": "DE", "languages": ["de", "en"],
				 "campaigns": ["free-dana-serikova"], "kinds": ["urgent-action", "appeal"], "cadence": "daily",
				 "consent": true}
				""".formatted(email));
	}

	/** The operator's HTTP basic credentials. */
	public static String operator() {
		return "Basic " + Base64.getEncoder()
			.encodeToString(("operator:" + DispatchIntegrationTest.OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8));
	}

}
