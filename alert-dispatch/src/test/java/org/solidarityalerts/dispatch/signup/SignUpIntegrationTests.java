package org.solidarityalerts.dispatch.signup;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.dispatch.subscription.Fixtures;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.dispatch.subscriber.Cadence;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.dispatch.subscriber.SubscriberStore;
import org.solidarityalerts.dispatch.subscriber.SuppressionList;
import org.solidarityalerts.testsupport.Mailbox;
import org.solidarityalerts.testsupport.Mails;
import org.solidarityalerts.dispatch.links.SubscriberTokens;
import org.solidarityalerts.dispatch.subscription.SubscriptionProperties;
import org.solidarityalerts.dispatch.subscription.DispatchIntegrationTest;
import org.solidarityalerts.dispatch.subscription.Web;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.solidarityalerts.dispatch.subscription.Fixtures.field;

/**
 * Signing up with double opt-in, on the page and through the API: nobody is on the list
 * before following the link in their confirmation e-mail, the link works once, and the
 * answer never tells whether an address is already known.
 */
@DispatchIntegrationTest
class SignUpIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	Mailbox mailbox;

	@Autowired
	SubscriberStore store;

	@Autowired
	SuppressionList suppressions;

	@Test
	void aPersonWhoSignsUpOnThePageReceivesAlertsOnlyAfterFollowingTheLinkInTheirConfirmationEmail()
			throws MessagingException {
		Web browser = new Web(this.port, Fixtures.newClient());
		String email = Fixtures.newAddress("amina");
		String campaign = "free-dana-serikova";

		HttpResponse<String> form = browser.get("/subscribe?campaign=" + campaign);
		assertThat(form.statusCode()).isEqualTo(200);
		assertThat(form.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(csp) -> assertThat(csp).contains("default-src 'none'").doesNotContain("unsafe-inline"));
		HttpResponse<String> answer = browser.submit(form.body(), "form",
				List.of(field("email", email), field("name", "Amina Diallo"), field("residenceCountry", "GB"),
						field("languages", "fr"), field("languages", "en"), field("campaigns", campaign),
						field("countries", "KZ"), field("kinds", "URGENT_ACTION"), field("cadence", "WEEKLY"),
						field("timeZone", "Europe/London"), field("consent", "true")));

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.body()).contains("Check your inbox");
		MimeMessage confirmation = Fixtures.awaitOnlyMail(this.mailbox, email);
		assertThat(Mails.subject(confirmation)).as("in her first language")
			.isEqualTo("Confirmez votre abonnement aux alertes de solidarité");
		assertThat(Mails.text(confirmation)).as("whoever filled in the form chose the name: not used until confirmed")
			.contains("Bonjour,")
			.doesNotContain("Amina");
		assertThat(Mails.html(confirmation)).doesNotContain("Amina");
		assertThat(confirmation.getHeader("To", null)).isEqualTo(email);
		Subscriber pending = Fixtures.byEmail(this.mongo, email);
		assertThat(pending.status()).isEqualTo(SubscriberStatus.PENDING);
		assertThat(pending.residenceCountry()).isEqualTo("GB");
		assertThat(pending.languages()).containsExactly("fr", "en");
		assertThat(pending.preferences().campaigns()).containsExactly(campaign);
		assertThat(pending.preferences().countries()).containsExactly("KZ");
		assertThat(pending.preferences().kinds()).containsExactly(AlertKind.URGENT_ACTION);
		assertThat(pending.preferences().cadence()).isEqualTo(Cadence.WEEKLY);
		assertThat(pending.consent()).satisfies((consent) -> {
			assertThat(consent.source()).isEqualTo("form");
			assertThat(consent.wordingVersion()).isEqualTo("2026-01");
			assertThat(consent.requestedAt()).isNotNull();
			assertThat(consent.confirmedAt()).isNull();
		});
		assertThat(Fixtures.audience(this.store, Fixtures.alert(campaign, "KZ", AlertKind.URGENT_ACTION)))
			.doesNotContain(pending.id());

		String link = Fixtures.link(confirmation, "/confirm/");
		HttpResponse<String> confirmPage = browser.get(Web.path(link));
		assertThat(confirmPage.statusCode()).isEqualTo(200);
		assertThat(Fixtures.byEmail(this.mongo, email).status()).as("opening the link alone changes nothing")
			.isEqualTo(SubscriberStatus.PENDING);
		HttpResponse<String> confirmed = browser.submit(confirmPage.body(), "form", List.of());

		assertThat(confirmed.statusCode()).isEqualTo(200);
		assertThat(confirmed.body()).as("in their language").contains("Vous êtes abonné·e");
		assertThat(confirmed.body()).as("the name the sign-up gave, which the confirmation e-mail did not carry")
			.contains("Nos e-mails s’adresseront à vous sous le nom de :")
			.contains("<bdi id=\"greeted-as\">Amina Diallo</bdi>");
		Subscriber subscriber = Fixtures.byEmail(this.mongo, email);
		assertThat(subscriber.status()).isEqualTo(SubscriberStatus.CONFIRMED);
		assertThat(subscriber.confirmedAt()).isNotNull();
		assertThat(subscriber.consent().confirmedAt()).isEqualTo(subscriber.confirmedAt());
		assertThat(Fixtures.audience(this.store, Fixtures.alert(campaign, "KZ", AlertKind.URGENT_ACTION)))
			.contains(subscriber.id());
	}

	@Test
	void aConfirmationLinkWorksOnlyOnce() {
		Web browser = new Web(this.port, Fixtures.newClient());
		String email = Fixtures.newAddress("once");
		Fixtures.signUpThroughTheApi(browser, email);
		String link = Fixtures.link(Fixtures.awaitOnlyMail(this.mailbox, email), "/confirm/");
		HttpResponse<String> page = browser.get(Web.path(link));
		assertThat(browser.submit(page.body(), "form", List.of()).statusCode()).isEqualTo(200);
		this.mongo.updateFirst(
				org.springframework.data.mongodb.core.query.Query
					.query(org.springframework.data.mongodb.core.query.Criteria.where("emailKey").is(email)),
				org.springframework.data.mongodb.core.query.Update.update("status", "UNSUBSCRIBED"), Subscriber.class);

		HttpResponse<String> again = browser.get(Web.path(link));
		HttpResponse<String> againPosted = browser.submit(page.body(), "form", List.of());

		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(again.body()).contains("This link is not valid");
		assertThat(againPosted.statusCode()).isEqualTo(400);
		assertThat(Fixtures.byEmail(this.mongo, email).status()).as("a used link does not re-subscribe")
			.isEqualTo(SubscriberStatus.UNSUBSCRIBED);
	}

	@Test
	void aConfirmationLinkThatWasTamperedWithOrHasExpiredGetsTheGenericPageAndConfirmsNobody() {
		Web browser = new Web(this.port, Fixtures.newClient());
		String email = Fixtures.newAddress("tamper");
		Fixtures.signUpThroughTheApi(browser, email);
		String link = Fixtures.link(Fixtures.awaitOnlyMail(this.mailbox, email), "/confirm/");
		String token = link.substring(link.lastIndexOf('/') + 1);
		// The last character of base64url may carry unused bits, which decoders ignore:
		// change the one before it, which is all signature.
		int at = token.length() - 2;
		String tampered = token.substring(0, at) + ((token.charAt(at) == 'A') ? 'B' : 'A') + token.substring(at + 1);
		String swapped = token.substring(0, 3) + ((token.charAt(3) == 'A') ? 'B' : 'A') + token.substring(4);
		Subscriber pending = Fixtures.byEmail(this.mongo, email);
		SubscriberTokens tokens = new SubscriberTokens(
				new SubscriptionProperties("local-development-secret-do-not-use-in-production", null, null, null, null,
						null, List.of(), null, null),
				java.time.Clock.systemUTC());
		String expired = tokens.issueConfirmation(org.solidarityalerts.contract.SubscriberId.parse(pending.id()),
				java.util.UUID.fromString(pending.confirmationNonce()), java.time.Instant.now().minusSeconds(1));

		for (String bad : List.of(tampered, swapped, expired, "not-a-token", "a.b")) {
			HttpResponse<String> page = browser.get("/confirm/" + bad);
			assertThat(page.statusCode()).isEqualTo(400);
			assertThat(page.body()).contains("This link is not valid");
		}
		assertThat(Fixtures.byEmail(this.mongo, email).status()).isEqualTo(SubscriberStatus.PENDING);
	}

	@Test
	void theApiTakesASignUpAndMailsTheConfirmationLink() {
		Web client = new Web(this.port, Fixtures.newClient());
		String email = Fixtures.newAddress("api");

		HttpResponse<String> answer = Fixtures.signUpThroughTheApi(client, email);

		assertThat(answer.statusCode()).isEqualTo(202);
		assertThat(answer.body()).contains("check-your-inbox");
		MimeMessage confirmation = Fixtures.awaitOnlyMail(this.mailbox, email);
		assertThat(Fixtures.link(confirmation, "/confirm/")).isNotBlank();
		assertThat(Fixtures.byEmail(this.mongo, email).consent().source()).isEqualTo("api");
	}

	@Test
	void signingUpAnAddressThatIsNewPendingConfirmedUnsubscribedOrSuppressedGetsTheSameAnswer() {
		String campaign = "homes-not-debts";
		String suppressed = Fixtures.newAddress("suppressed");
		Fixtures.insert(this.mongo, suppressed, SubscriberStatus.CONFIRMED, campaign);
		this.suppressions.suppress(suppressed, "hard-bounce");
		String fresh = Fixtures.newAddress("new");
		String pending = Fixtures.insert(this.mongo, Fixtures.newAddress("pending"), SubscriberStatus.PENDING, campaign)
			.email();
		String confirmed = Fixtures
			.insert(this.mongo, Fixtures.newAddress("confirmed"), SubscriberStatus.CONFIRMED, campaign)
			.email();
		String unsubscribed = Fixtures
			.insert(this.mongo, Fixtures.newAddress("unsubscribed"), SubscriberStatus.UNSUBSCRIBED, campaign)
			.email();
		List<String> addresses = List.of(suppressed, fresh, pending, confirmed, unsubscribed);

		List<String> pageAnswers = new ArrayList<>();
		List<String> apiAnswers = new ArrayList<>();
		for (String email : addresses) {
			Web browser = new Web(this.port, Fixtures.newClient());
			HttpResponse<String> page = browser.submit(browser.get("/subscribe").body(), "form",
					List.of(field("email", email), field("campaigns", campaign), field("consent", "true")));
			pageAnswers.add(page.statusCode() + " " + page.body());
			HttpResponse<String> api = Fixtures.signUpThroughTheApi(new Web(this.port, Fixtures.newClient()), email);
			apiAnswers.add(api.statusCode() + " " + api.body());
		}

		assertThat(pageAnswers)
			.allSatisfy((answer) -> assertThat(answer).startsWith("200 ").contains("Check your inbox"))
			.containsOnly(pageAnswers.getFirst());
		assertThat(apiAnswers).allSatisfy((answer) -> assertThat(answer).startsWith("202 "))
			.containsOnly(apiAnswers.getFirst());
		// Two sign-ups of one address close together may be answered by one mail: a
		// request not yet sent is replaced by the newer one. So: every address gets mail,
		// and nothing is left to send or to register.
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(this.mongo.count(new Query(), SignUps.REQUESTS)).isZero();
			for (String email : addresses) {
				assertThat(this.mailbox.receivedBy(email)).hasSizeBetween(1, 2);
				assertThat(this.mongo.exists(Query.query(Criteria.where("emailKey")
					.is(Subscriber.keyOf(email))
					.and(SubscriptionMails.FIELD)
					.exists(true)), Subscriber.class)).isFalse();
			}
		});
		assertThat(this.mailbox.receivedBy(fresh)).map(Mails::subject).isSubsetOf(CONFIRMATION_SUBJECTS);
		assertThat(this.mailbox.receivedBy(pending)).map(Mails::subject).isSubsetOf(CONFIRMATION_SUBJECTS);
		assertThat(this.mailbox.receivedBy(unsubscribed)).map(Mails::subject).isSubsetOf(CONFIRMATION_SUBJECTS);
		assertThat(this.mailbox.receivedBy(confirmed)).map(Mails::subject)
			.isSubsetOf("You are already subscribed to solidarity alerts",
					"Sie erhalten die Solidaritätsaufrufe bereits");
		assertThat(Mails.text(this.mailbox.receivedBy(confirmed).getFirst())).contains("/preferences/")
			.contains("/unsubscribe/");
		assertThat(this.mailbox.receivedBy(confirmed)).map(Mails::text)
			.as("greeted by the name they confirmed with, not the one a sign-up sent")
			.allSatisfy((text) -> assertThat(text).contains("Amina").doesNotContain("Jonas"));
		assertThat(this.mailbox.receivedBy(fresh)).map(Mails::text)
			.as("a confirmation names nobody")
			.allSatisfy((text) -> assertThat(text).doesNotContain("Jonas"));
		assertThat(this.mailbox.receivedBy(suppressed)).as("a hard bounce is not the person's word: they may opt in")
			.map(Mails::subject)
			.isSubsetOf(CONFIRMATION_SUBJECTS);
		assertThat(Fixtures.byEmail(this.mongo, confirmed).status()).isEqualTo(SubscriberStatus.CONFIRMED);
		assertThat(Fixtures.byEmail(this.mongo, unsubscribed).status()).as("only the link re-subscribes")
			.isEqualTo(SubscriberStatus.UNSUBSCRIBED);
		assertThat(Fixtures.byEmail(this.mongo, suppressed).status()).as("only the link re-subscribes")
			.isEqualTo(SubscriberStatus.SUPPRESSED);
		assertThat(this.suppressions.isSuppressed(suppressed)).isTrue();
	}

	@Test
	void oneAddressReceivesAtMostThreeSignUpEmailsHoweverOftenItIsSignedUp() {
		String target = Fixtures.newAddress("target");

		for (int i = 0; i < 6; i++) {
			HttpResponse<String> answer = Fixtures.signUpThroughTheApi(new Web(this.port, Fixtures.newClient()),
					target);
			assertThat(answer.statusCode()).isEqualTo(202);
		}

		// A confirmation not yet sent when the address signs up again is replaced by the
		// newer one, so the
		// address gets between one mail and its allowance of three, never more.
		await().atMost(Duration.ofSeconds(30)).until(() -> this.mailbox.receivedBy(target).size() >= 1);
		await().during(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.mailbox.receivedBy(target).size() <= 3);
	}

	@Test
	void oneClientIsRefusedWithAReadableAnswerOnceItHasUsedUpItsSignUps() {
		String client = Fixtures.newClient();
		Web browser = new Web(this.port, client);
		for (int i = 0; i < 6; i++) {
			assertThat(Fixtures.signUpThroughTheApi(browser, Fixtures.newAddress("many")).statusCode()).isEqualTo(202);
		}

		HttpResponse<String> api = Fixtures.signUpThroughTheApi(browser, Fixtures.newAddress("many"));
		HttpResponse<String> page = browser.submit(browser.get("/subscribe").body(), "form", List
			.of(field("email", Fixtures.newAddress("many")), field("campaigns", "x"), field("consent", "true")));

		assertThat(api.statusCode()).isEqualTo(429);
		assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(List.of(api, page)).as("when the client's window ends, in seconds")
			.allSatisfy((refused) -> assertThat(refused.headers().firstValue("Retry-After"))
				.hasValueSatisfying((seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, 600L)));
		assertThat(api.body()).contains("Too many sign-ups");
		assertThat(page.statusCode()).isEqualTo(429);
		assertThat(page.body()).contains("Too many sign-ups came from your connection");
		assertThat(Fixtures.signUpThroughTheApi(new Web(this.port, Fixtures.newClient()), Fixtures.newAddress("other"))
			.statusCode()).as("other clients are not affected").isEqualTo(202);
	}

	@Test
	void someoneWhoSignsUpInArabicGetsARightToLeftConfirmationInArabic() throws Exception {
		String email = Fixtures.newAddress("layla");

		HttpResponse<String> answer = new Web(this.port, Fixtures.newClient()).postJson("/api/v1/subscriptions", """
				{"email": "%s", "name": "Layla Haddad", "residenceCountry": "LB", "languages": ["ar", "en"],
				 "campaigns": ["free-dana-serikova"], "consent": true}
				""".formatted(email));

		assertThat(answer.statusCode()).isEqualTo(202);
		MimeMessage confirmation = Fixtures.awaitOnlyMail(this.mailbox, email);
		assertThat(Mails.subject(confirmation)).isEqualTo("يُرجى تأكيد اشتراكك في نداءات التضامن");
		assertThat(confirmation.getHeader("Content-Language", null)).isEqualTo("ar");
		assertThat(Mails.text(confirmation)).contains("مرحبًا،")
			.contains("\u2068https://")
			.doesNotContain("Please confirm", "Dear");
		assertThat(Mails.html(confirmation)).contains("<html lang=\"ar\" dir=\"rtl\">").contains("تأكيد اشتراكي");
		assertThat(Fixtures.link(confirmation, "/confirm/")).isNotBlank();
	}

	/** The confirmation's subject in English, and in German for the API's sign-ups. */
	static final String[] CONFIRMATION_SUBJECTS = { "Please confirm your subscription to solidarity alerts",
			"Bitte bestätigen Sie Ihr Abonnement der Solidaritätsaufrufe" };

	static Map.Entry<String, String> consent() {
		return field("consent", "true");
	}

}
