package org.solidarityalerts.dispatch.preferences;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.dispatch.subscription.Fixtures;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.subscriber.Cadence;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.dispatch.subscriber.SubscriberStore;
import org.solidarityalerts.dispatch.subscriber.SuppressionList;
import org.solidarityalerts.testsupport.Mailbox;
import org.solidarityalerts.testsupport.Mails;
import org.solidarityalerts.dispatch.links.SignedLinks;
import org.solidarityalerts.dispatch.operators.ListImport;
import org.solidarityalerts.dispatch.subscription.DispatchIntegrationTest;
import org.solidarityalerts.dispatch.subscription.Web;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.solidarityalerts.dispatch.subscription.Fixtures.field;

/**
 * The preferences page behind the signed link in every e-mail: changes take effect on the
 * next alert; the subscriber can download their data and erase themselves, after which
 * only a keyed hash of the address remains and nothing adds it back.
 */
@DispatchIntegrationTest
class PreferencesIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	Mailbox mailbox;

	@Autowired
	SubscriberStore store;

	@Autowired
	SignedLinks links;

	@Autowired
	SuppressionList suppressions;

	@Test
	void changedPreferencesDecideWhoReceivesTheNextAlert() {
		Subscriber subscriber = Fixtures.insert(this.mongo, Fixtures.newAddress("mover"), SubscriberStatus.CONFIRMED,
				"free-dana-serikova");
		var danaAppeal = Fixtures.alert("free-dana-serikova", "KZ", AlertKind.APPEAL);
		var strikeAppeal = Fixtures.alert("support-the-strikers", "FR", AlertKind.APPEAL);
		assertThat(Fixtures.audience(this.store, danaAppeal)).contains(subscriber.id());
		Web browser = new Web(this.port, Fixtures.newClient());

		HttpResponse<String> page = browser.get(Web.path(this.links.preferences(SubscriberId.parse(subscriber.id()))));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains(subscriber.email()).contains("free-dana-serikova");
		HttpResponse<String> saved = browser.submit(page.body(), "form[action*=preferences]:not([action$=erase])",
				List.of(field("name", "Amina D."), field("residenceCountry", "FR"), field("languages", "fr"),
						field("campaigns", "support-the-strikers"), field("kinds", "APPEAL"),
						field("kinds", "URGENT_ACTION"), field("cadence", "IMMEDIATE")));

		assertThat(saved.statusCode()).isEqualTo(200);
		assertThat(saved.body()).contains("Saved.");
		assertThat(Fixtures.audience(this.store, danaAppeal)).doesNotContain(subscriber.id());
		assertThat(Fixtures.audience(this.store, strikeAppeal)).contains(subscriber.id());
		Subscriber changed = this.mongo.findById(subscriber.id(), Subscriber.class);
		assertThat(changed.name()).isEqualTo("Amina D.");
		assertThat(changed.residenceCountry()).isEqualTo("FR");
		assertThat(changed.languages()).containsExactly("fr");
		assertThat(changed.preferences().cadence()).isEqualTo(Cadence.IMMEDIATE);
		assertThat(changed.status()).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void aDigestCadenceKeepsAllButUrgentActionsOutOfTheImmediateAudience() {
		Subscriber subscriber = Fixtures.insert(this.mongo, Fixtures.newAddress("digest"), SubscriberStatus.CONFIRMED,
				"free-dana-serikova");
		Web browser = new Web(this.port, Fixtures.newClient());
		HttpResponse<String> page = browser.get(Web.path(this.links.preferences(SubscriberId.parse(subscriber.id()))));

		browser.submit(page.body(), "form[action*=preferences]:not([action$=erase])",
				List.of(field("campaigns", "free-dana-serikova"), field("cadence", "DAILY")));

		assertThat(Fixtures.audience(this.store, Fixtures.alert("free-dana-serikova", "KZ", AlertKind.NEWS)))
			.doesNotContain(subscriber.id());
		assertThat(Fixtures.audience(this.store, Fixtures.alert("free-dana-serikova", "KZ", AlertKind.URGENT_ACTION)))
			.contains(subscriber.id());
	}

	@Test
	void aPreferencesFormWithoutItsCsrfTokenChangesNothing() {
		Subscriber subscriber = Fixtures.insert(this.mongo, Fixtures.newAddress("forged"), SubscriberStatus.CONFIRMED,
				"free-dana-serikova");
		String path = Web.path(this.links.preferences(SubscriberId.parse(subscriber.id())));

		HttpResponse<String> forged = new Web(this.port, Fixtures.newClient()).postForm(path,
				List.of(field("campaigns", "attacker-campaign")));

		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(this.mongo.findById(subscriber.id(), Subscriber.class).preferences().campaigns())
			.containsExactly("free-dana-serikova");
	}

	@Test
	void invalidPreferencesAreShownOnThePageAndNothingIsChanged() {
		Subscriber subscriber = Fixtures.insert(this.mongo, Fixtures.newAddress("typo"), SubscriberStatus.CONFIRMED,
				"free-dana-serikova");
		Web browser = new Web(this.port, Fixtures.newClient());
		HttpResponse<String> page = browser.get(Web.path(this.links.preferences(SubscriberId.parse(subscriber.id()))));

		HttpResponse<String> answer = browser.submit(page.body(), "form[action*=preferences]:not([action$=erase])",
				List.of(field("campaigns", "new-campaign"), field("residenceCountry", "XX"),
						field("name", "Evil\r\nBcc: someone")));

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(answer.body()).contains("Unknown country")
			.contains("cannot contain line breaks")
			.contains("Nothing has been changed");
		var shown = org.jsoup.Jsoup.parse(answer.body());
		assertThat(shown.select("[aria-invalid=true]").eachAttr("id")).containsExactly("name", "residenceCountry");
		assertThat(shown.getElementById("residenceCountry").attr("aria-describedby"))
			.isEqualTo("residenceCountry-problem");
		assertThat(shown.select(".problems a").eachAttr("href")).containsExactly("#name", "#residenceCountry");
		Subscriber unchanged = this.mongo.findById(subscriber.id(), Subscriber.class);
		assertThat(unchanged.preferences().campaigns()).containsExactly("free-dana-serikova");
		assertThat(unchanged.name()).isEqualTo("Amina");
	}

	@Test
	void aSubscriberDownloadsEverythingHeldAboutThemAsJson() {
		Subscriber subscriber = Fixtures.insert(this.mongo, Fixtures.newAddress("export"), SubscriberStatus.CONFIRMED,
				"free-dana-serikova");
		String path = Web.path(this.links.preferences(SubscriberId.parse(subscriber.id())));

		HttpResponse<String> export = new Web(this.port, Fixtures.newClient()).get(path + "/export");

		assertThat(export.statusCode()).isEqualTo(200);
		assertThat(export.headers().firstValue("Content-Disposition")).hasValueSatisfying(
				(disposition) -> assertThat(disposition).contains("attachment").contains("my-subscription.json"));
		JsonNode data = JsonMapper.builder().build().readTree(export.body());
		assertThat(data.path("email").asString()).isEqualTo(subscriber.email());
		assertThat(data.path("name").asString()).isEqualTo("Amina");
		assertThat(data.path("residenceCountry").asString()).isEqualTo("GB");
		assertThat(data.path("status").asString()).isEqualTo("CONFIRMED");
		assertThat(data.path("preferences").path("campaigns").get(0).asString()).isEqualTo("free-dana-serikova");
		assertThat(data.has("confirmationNonce")).as("internal fields stay internal").isFalse();
	}

	@Test
	void anErasedSubscriberIsGoneExceptForAKeyedHashAndIsNeverMailedOrImportedAgain() {
		String email = Fixtures.newAddress("erase");
		Subscriber subscriber = Fixtures.insert(this.mongo, email, SubscriberStatus.CONFIRMED, "free-dana-serikova");
		Web browser = new Web(this.port, Fixtures.newClient());
		HttpResponse<String> page = browser.get(Web.path(this.links.preferences(SubscriberId.parse(subscriber.id()))));

		HttpResponse<String> erased = browser.submit(page.body(), "form[action$=erase]", List.of());

		assertThat(erased.statusCode()).isEqualTo(200);
		assertThat(erased.body()).contains("Your data is erased");
		assertThat(this.mongo.findById(subscriber.id(), Subscriber.class)).isNull();
		assertThat(this.suppressions.isSuppressed(email.toUpperCase(java.util.Locale.ROOT))).isTrue();
		assertThat(this.mongo.findAll(Document.class, "suppressions")).map(Document::toJson)
			.noneMatch((json) -> json.contains(email) || json.contains(email.substring(0, email.indexOf('@'))));
		assertThat(browser.get(Web.path(this.links.preferences(SubscriberId.parse(subscriber.id())))).statusCode())
			.as("the old link leads nowhere")
			.isEqualTo(400);

		HttpResponse<String> imported = new Web(this.port, Fixtures.newClient()).post(
				"/api/v1/imports?consentWording=petition-2025", "text/csv",
				(String.join(",", ListImport.HEADER) + "\n" + email + ",Amina,GB,en,free-dana-serikova,,yes\n")
					.getBytes(StandardCharsets.UTF_8),
				"Authorization", Fixtures.operator());

		assertThat(erased.body()).contains("sign up again");
		assertThat(imported.statusCode()).isEqualTo(200);
		assertThat(imported.body()).contains("\"imported\":0").contains("\"line\":2");
		Fixtures.assertNoMailFor(this.mailbox, email);
		assertThat(Fixtures.byEmail(this.mongo, email)).isNull();
	}

	@Test
	void someoneWhoErasedTheirDataAndSignsUpAgainIsSubscribedOnceTheyConfirm() {
		String email = Fixtures.newAddress("returning");
		Subscriber subscriber = Fixtures.insert(this.mongo, email, SubscriberStatus.CONFIRMED, "free-dana-serikova");
		Web browser = new Web(this.port, Fixtures.newClient());
		HttpResponse<String> page = browser.get(Web.path(this.links.preferences(SubscriberId.parse(subscriber.id()))));
		browser.submit(page.body(), "form[action$=erase]", List.of());
		assertThat(this.suppressions.isSuppressed(email)).isTrue();

		HttpResponse<String> signUpAgain = Fixtures.signUpThroughTheApi(new Web(this.port, Fixtures.newClient()),
				email);
		MimeMessage confirmation = Fixtures.awaitOnlyMail(this.mailbox, email);

		assertThat(signUpAgain.statusCode()).isEqualTo(202);
		assertThat(Mails.subject(confirmation)).as("in the first language of the sign-up")
			.isEqualTo("Bitte bestätigen Sie Ihr Abonnement der Solidaritätsaufrufe");
		assertThat(Fixtures.byEmail(this.mongo, email).status()).isEqualTo(SubscriberStatus.PENDING);
		assertThat(this.suppressions.isSuppressed(email)).as("until they confirm").isTrue();
		Web returning = new Web(this.port, Fixtures.newClient());
		HttpResponse<String> confirmPage = returning.get(Web.path(Fixtures.link(confirmation, "/confirm/")));
		HttpResponse<String> confirmed = returning.submit(confirmPage.body(), "form", List.of());
		assertThat(confirmed.body()).as("in their language").contains("Sie sind angemeldet");
		assertThat(Fixtures.byEmail(this.mongo, email).status()).isEqualTo(SubscriberStatus.CONFIRMED);
		assertThat(this.suppressions.isSuppressed(email)).as("their own consent lifts it").isFalse();
		assertThat(Fixtures.audience(this.store, Fixtures.alert("free-dana-serikova", "KZ", AlertKind.URGENT_ACTION)))
			.contains(Fixtures.byEmail(this.mongo, email).id());
	}

	@Test
	void theExportIncludesEveryDeliveryRecordOfTheSubscriberAndNoOneElses() {
		Subscriber subscriber = Fixtures.insert(this.mongo, Fixtures.newAddress("deliveries"),
				SubscriberStatus.CONFIRMED, "free-dana-serikova");
		Subscriber other = Fixtures.insert(this.mongo, Fixtures.newAddress("other"), SubscriberStatus.CONFIRMED,
				"free-dana-serikova");
		String alertId = java.util.UUID.randomUUID().toString();
		Instant first = Instant.parse("2026-11-20T09:00:00Z");
		// Documents as the delivery ledger writes them.
		this.mongo.insert(ledger(alertId, 1, subscriber.id(), "sent", "250 2.0.0 queued", first), "deliveries");
		this.mongo.insert(
				ledger(alertId, 2, subscriber.id(), "failed", "550 5.1.1 no such user", first.plusSeconds(3600)),
				"deliveries");
		this.mongo.insert(ledger(alertId, 1, other.id(), "sent", "250 2.0.0 queued", first), "deliveries");
		String path = Web.path(this.links.preferences(SubscriberId.parse(subscriber.id())));

		HttpResponse<String> export = new Web(this.port, Fixtures.newClient()).get(path + "/export");

		assertThat(export.statusCode()).isEqualTo(200);
		JsonNode deliveries = JsonMapper.builder().build().readTree(export.body()).path("deliveries");
		assertThat(deliveries.size()).isEqualTo(2);
		assertThat(deliveries.get(0).path("alertId").asString()).isEqualTo(alertId);
		assertThat(deliveries.get(0).path("version").asInt()).isEqualTo(1);
		assertThat(deliveries.get(0).path("status").asString()).isEqualTo("sent");
		assertThat(deliveries.get(0).path("detail").asString()).isEqualTo("250 2.0.0 queued");
		assertThat(deliveries.get(0).path("firstAttemptAt").asString()).isEqualTo("2026-11-20T09:00:00Z");
		assertThat(deliveries.get(1).path("version").asInt()).isEqualTo(2);
		assertThat(deliveries.get(1).path("status").asString()).isEqualTo("failed");
		assertThat(deliveries.get(1).path("detail").asString()).isEqualTo("550 5.1.1 no such user");
		assertThat(deliveries.get(1).path("updatedAt").asString()).isNotBlank();
	}

	@Test
	void aFormSentWithAMissingOrExpiredCsrfTokenGetsAReadablePageThatLeadsBackToIt() {
		Subscriber subscriber = Fixtures.insert(this.mongo, Fixtures.newAddress("csrf"), SubscriberStatus.CONFIRMED,
				"free-dana-serikova");
		String path = Web.path(this.links.preferences(SubscriberId.parse(subscriber.id())));
		HttpResponse<String> page = new Web(this.port, Fixtures.newClient()).get(path);

		HttpResponse<String> missing = new Web(this.port, Fixtures.newClient()).postForm(path + "/erase", List.of());
		HttpResponse<String> expired = Web.withoutCookies(this.port, Fixtures.newClient())
			.submit(page.body(), "form[action$=erase]", List.of());
		HttpResponse<String> signUp = new Web(this.port, Fixtures.newClient()).postForm("/subscribe",
				List.of(field("email", Fixtures.newAddress("csrf-sign-up")), field("consent", "true")));

		for (HttpResponse<String> answer : List.of(missing, expired, signUp)) {
			assertThat(answer.statusCode()).isEqualTo(403);
			assertThat(answer.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
			assertThat(answer.body()).contains("Please send the form again")
				.contains("/assets/subscription.css")
				.doesNotContain("Whitelabel");
		}
		assertThat(org.jsoup.Jsoup.parse(missing.body()).selectFirst("a#back").attr("href")).isEqualTo(path);
		assertThat(org.jsoup.Jsoup.parse(expired.body()).selectFirst("a#back").attr("href")).isEqualTo(path);
		assertThat(org.jsoup.Jsoup.parse(signUp.body()).selectFirst("a#back").attr("href")).isEqualTo("/subscribe");
		assertThat(this.mongo.findById(subscriber.id(), Subscriber.class)).as("nothing was erased").isNotNull();
	}

	private static Document ledger(String alertId, int version, String subscriberId, String status, String detail,
			Instant at) {
		return new Document("_id", alertId + ":" + version + ":" + subscriberId).append("alertId", alertId)
			.append("version", version)
			.append("subscriberId", subscriberId)
			.append("status", status)
			.append("claim", java.util.UUID.randomUUID().toString())
			.append("attempts", 1)
			.append("claimedAt", java.util.Date.from(at))
			.append("updatedAt", java.util.Date.from(at.plusSeconds(2)))
			.append("detail", detail);
	}

}
