package org.solidarityalerts.dispatch.subscription;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.subscriber.Cadence;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.dispatch.subscriber.SubscriberStore;
import org.solidarityalerts.dispatch.subscriber.SuppressionList;
import org.solidarityalerts.testsupport.Mailbox;
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

		HttpResponse<String> signUpAgain = SignUpIntegrationTests
			.signUpThroughTheApi(new Web(this.port, Fixtures.newClient()), email);
		HttpResponse<String> imported = new Web(this.port, Fixtures.newClient()).post(
				"/api/v1/imports?consentWording=petition-2025", "text/csv",
				(String.join(",", ListImport.HEADER) + "\n" + email + ",Amina,GB,en,free-dana-serikova,,yes\n")
					.getBytes(StandardCharsets.UTF_8),
				"Authorization", ListImportIntegrationTests.operator());

		assertThat(signUpAgain.statusCode()).isEqualTo(202);
		assertThat(imported.statusCode()).isEqualTo(200);
		assertThat(imported.body()).contains("\"imported\":0").contains("\"line\":2");
		Fixtures.assertNoMailFor(this.mailbox, email);
		assertThat(Fixtures.byEmail(this.mongo, email)).isNull();
	}

}
