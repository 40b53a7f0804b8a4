package org.solidarityalerts.dispatch.links;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.dispatch.subscription.Fixtures;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.dispatch.subscriber.SubscriberStore;
import org.solidarityalerts.dispatch.links.SubscriberTokens.Purpose;
import org.solidarityalerts.testsupport.Mailbox;
import org.solidarityalerts.dispatch.subscription.SubscriptionProperties;
import org.solidarityalerts.dispatch.subscription.DispatchIntegrationTest;
import org.solidarityalerts.dispatch.subscription.Web;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.solidarityalerts.dispatch.subscription.Fixtures.field;

/**
 * Links replayed where they should no longer work, or bent to act for someone else: a
 * token re-pointed at another subscriber, or signed with another key; a link of one kind
 * used for another; a preferences link after leaving; an older confirmation link after a
 * newer one was sent; the links of someone who erased themselves. Each gets the generic
 * answer and changes nothing (complements {@link SignUpIntegrationTests},
 * {@link UnsubscribeIntegrationTests} and {@link PreferencesIntegrationTests}).
 */
@DispatchIntegrationTest
class TokenReplayIntegrationTests {

	private static final String CAMPAIGN = "free-dana-serikova";

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	Mailbox mailbox;

	@Autowired
	SubscriberStore store;

	@Autowired
	SubscriberTokens tokens;

	@Test
	void aTokenOfOneSubscriberRePointedAtAnotherOrSignedWithAnotherKeyActsForNobody() {
		Subscriber owner = confirmed("owner");
		Subscriber victim = confirmed("victim");
		Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
		SubscriberTokens otherKey = new SubscriberTokens(
				new SubscriptionProperties("an-attackers-guess-at-the-signing-key-0123456789", null, null, null, null,
						null, List.of(), null, null),
				Clock.systemUTC());
		Web mailProvider = Web.withoutCookies(this.port, Fixtures.newClient());

		for (Purpose purpose : List.of(Purpose.UNSUBSCRIBE, Purpose.PREFERENCES)) {
			String rePointed = rePoint(this.tokens.issue(purpose, id(owner), tomorrow), id(victim));
			String foreign = otherKey.issue(purpose, id(victim), tomorrow);
			for (String forged : List.of(rePointed, foreign)) {
				HttpResponse<String> unsubscribe = mailProvider.post("/unsubscribe/" + forged,
						"application/x-www-form-urlencoded", oneClick());
				HttpResponse<String> preferences = mailProvider.get("/preferences/" + forged);
				HttpResponse<String> export = mailProvider.get("/preferences/" + forged + "/export");

				assertThat(List.of(unsubscribe, preferences, export)).allSatisfy((answer) -> {
					assertThat(answer.statusCode()).as(purpose + " " + answer.uri()).isEqualTo(400);
					assertThat(answer.body()).doesNotContain(victim.email()).doesNotContain(owner.email());
				});
			}
		}
		assertThat(status(victim)).isEqualTo(SubscriberStatus.CONFIRMED);
		assertThat(status(owner)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void aLinkOfOneKindOpensNothingElse() {
		Subscriber subscriber = confirmed("kinds");
		Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
		String unsubscribe = this.tokens.issue(Purpose.UNSUBSCRIBE, id(subscriber), tomorrow);
		String confirmation = this.tokens.issueConfirmation(id(subscriber), UUID.randomUUID(), tomorrow);
		Web browser = new Web(this.port, Fixtures.newClient());

		assertThat(browser.get("/preferences/" + unsubscribe).statusCode()).isEqualTo(400);
		assertThat(browser.get("/preferences/" + unsubscribe + "/export").statusCode()).isEqualTo(400);
		assertThat(browser.get("/preferences/" + confirmation).statusCode()).isEqualTo(400);
		assertThat(Web.withoutCookies(this.port, Fixtures.newClient())
			.post("/unsubscribe/" + confirmation, "application/x-www-form-urlencoded", oneClick())
			.statusCode()).isEqualTo(400);
		assertThat(status(subscriber)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void aPreferencesLinkReplayedAfterUnsubscribingShowsTheStatusAndSavingDoesNotSubscribeAgain() {
		Subscriber subscriber = confirmed("left");
		Instant later = Instant.now().plus(Duration.ofDays(30));
		String preferences = "/preferences/" + this.tokens.issue(Purpose.PREFERENCES, id(subscriber), later);
		assertThat(Web.withoutCookies(this.port, Fixtures.newClient())
			.post("/unsubscribe/" + this.tokens.issue(Purpose.UNSUBSCRIBE, id(subscriber), later),
					"application/x-www-form-urlencoded", oneClick())
			.statusCode()).isEqualTo(200);
		Web browser = new Web(this.port, Fixtures.newClient());

		HttpResponse<String> page = browser.get(preferences);

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<span id=\"status\">unsubscribed</span>");
		HttpResponse<String> saved = browser.submit(page.body(), "form[action*=preferences]:not([action$=erase])",
				List.of(field("campaigns", CAMPAIGN), field("campaigns", "homes-not-debts"), field("kinds", "APPEAL"),
						field("kinds", "URGENT_ACTION"), field("cadence", "IMMEDIATE")));

		assertThat(saved.statusCode()).isEqualTo(200);
		assertThat(status(subscriber)).as("saving preferences does not undo leaving")
			.isEqualTo(SubscriberStatus.UNSUBSCRIBED);
		assertThat(Fixtures.audience(this.store, Fixtures.alert(CAMPAIGN, "KZ", AlertKind.URGENT_ACTION)))
			.doesNotContain(subscriber.id());
	}

	@Test
	void anOlderConfirmationLinkStopsWorkingOnceANewerOneIsSent() {
		String email = Fixtures.newAddress("twice");
		Web client = new Web(this.port, Fixtures.newClient());
		assertThat(Fixtures.signUpThroughTheApi(client, email).statusCode()).isEqualTo(202);
		String older = Web.path(Fixtures.link(Fixtures.awaitOnlyMail(this.mailbox, email), "/confirm/"));
		assertThat(Fixtures.signUpThroughTheApi(client, email).statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.mailbox.receivedBy(email).size() == 2);
		String newer = this.mailbox.receivedBy(email)
			.stream()
			.map((MimeMessage message) -> Web.path(Fixtures.link(message, "/confirm/")))
			.filter((link) -> !link.equals(older))
			.findFirst()
			.orElseThrow();
		Web browser = new Web(this.port, Fixtures.newClient());

		HttpResponse<String> olderPage = browser.get(older);

		assertThat(olderPage.statusCode()).isEqualTo(400);
		assertThat(olderPage.body()).contains("This link is not valid");
		HttpResponse<String> newerPage = browser.get(newer);
		assertThat(newerPage.statusCode()).isEqualTo(200);
		assertThat(browser.submit(newerPage.body(), "form", List.of()).statusCode()).isEqualTo(200);
		assertThat(Fixtures.byEmail(this.mongo, email).status()).isEqualTo(SubscriberStatus.CONFIRMED);
		assertThat(browser.get(older).statusCode()).as("still dead after the newer one was used").isEqualTo(400);
	}

	@Test
	void theLinksOfSomeoneWhoErasedThemselvesNeitherShowNorChangeAnything() {
		String email = Fixtures.newAddress("erased");
		Subscriber subscriber = Fixtures.insert(this.mongo, email, SubscriberStatus.CONFIRMED, CAMPAIGN);
		Instant later = Instant.now().plus(Duration.ofDays(30));
		String preferences = "/preferences/" + this.tokens.issue(Purpose.PREFERENCES, id(subscriber), later);
		Web browser = new Web(this.port, Fixtures.newClient());
		String page = browser.get(preferences).body();
		assertThat(browser.submit(page, "form[action$=erase]", List.of()).statusCode()).isEqualTo(200);

		HttpResponse<String> export = browser.get(preferences + "/export");
		HttpResponse<String> eraseAgain = browser.submit(page, "form[action$=erase]", List.of());
		HttpResponse<String> saveAgain = browser.submit(page, "form[action*=preferences]:not([action$=erase])",
				List.of(field("campaigns", CAMPAIGN)));

		assertThat(List.of(export, eraseAgain, saveAgain)).allSatisfy((answer) -> {
			assertThat(answer.statusCode()).as(answer.uri().toString()).isEqualTo(400);
			assertThat(answer.body()).doesNotContain(email);
		});
		assertThat(this.mongo.findById(subscriber.id(), Subscriber.class)).as("nothing brought back").isNull();
		assertThat(Fixtures.byEmail(this.mongo, email)).isNull();
	}

	/**
	 * Keeps a token's signature and purpose but puts another subscriber's id in it.
	 */
	private static String rePoint(String token, SubscriberId other) {
		int dot = token.indexOf('.');
		ByteBuffer payload = ByteBuffer.wrap(Base64.getUrlDecoder().decode(token.substring(0, dot)));
		payload.position(1);
		payload.putLong(other.value().getMostSignificantBits());
		payload.putLong(other.value().getLeastSignificantBits());
		return Base64.getUrlEncoder().withoutPadding().encodeToString(payload.array()) + token.substring(dot);
	}

	private Subscriber confirmed(String who) {
		return Fixtures.insert(this.mongo, Fixtures.newAddress(who), SubscriberStatus.CONFIRMED, CAMPAIGN);
	}

	private SubscriberStatus status(Subscriber subscriber) {
		return this.mongo.findById(subscriber.id(), Subscriber.class).status();
	}

	private static SubscriberId id(Subscriber subscriber) {
		return SubscriberId.parse(subscriber.id());
	}

	private static byte[] oneClick() {
		return "List-Unsubscribe=One-Click".getBytes(StandardCharsets.UTF_8);
	}

}
