package org.solidarityalerts.ingest.console;

import java.util.Date;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bson.Document;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.ingest.IngestIntegrationTest;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.testsupport.TestClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * An organisation's users manage its webhook endpoints in the console, by the API's
 * rules: the signing secret is shown once, on the page that answers the registration; a
 * refused address is explained beside its field; each endpoint's deliveries, failing ones
 * too, are listed; another organisation sees none of it and cannot remove it; registering
 * and removing are audited without the secret.
 */
@IngestIntegrationTest
class ConsoleWebhooksIntegrationTests {

	private static final Pattern SECRET = Pattern.compile("whsec_[A-Za-z0-9+/=]{40,}");

	private static final Pattern ENDPOINT_ID = Pattern.compile("/console/webhooks/(wh_[0-9a-f]{32})/delete");

	@Autowired
	WebApplicationContext context;

	@Autowired
	ApiKeys apiKeys;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	TestClock clock;

	MockMvc mvc;

	ConsoleSignIns signIns;

	String email;

	@BeforeEach
	void organisationWithAUser() throws Exception {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
		this.signIns = new ConsoleSignIns(this.mvc, this.apiKeys);
		this.email = newUser("org-");
	}

	@Test
	void anEndpointIsRegisteredItsSecretShownOnceAndItsFailingDeliveriesListed() throws Exception {
		MockHttpSession session = this.signIns.logIn(this.email);
		assertThat(this.signIns.page(session, "/console/alerts")).contains("href=\"/console/webhooks\"");
		assertThat(this.signIns.page(session, "/console/webhooks")).contains("has no webhook endpoints");

		MvcResult result = this.mvc
			.perform(post("/console/webhooks").param("url", "https://hooks.example.org/alerts")
				.param("description", "campaign website")
				.session(session)
				.with(csrf()))
			.andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(200);
		assertThat(result.getResponse().getHeader("Cache-Control")).contains("no-store");
		String answer = result.getResponse().getContentAsString();
		Matcher secret = SECRET.matcher(answer);
		assertThat(secret.find()).isTrue();
		assertThat(answer).contains("Standard Webhooks").contains("webhook-signature");
		Matcher id = ENDPOINT_ID.matcher(answer);
		assertThat(id.find()).isTrue();
		String list = this.signIns.page(session, "/console/webhooks");
		assertThat(list).contains("https://hooks.example.org/alerts")
			.contains("campaign website")
			.doesNotContain(secret.group())
			.doesNotContain("whsec_");

		this.mongo.insert(new Document("_id", "delivery-" + UUID.randomUUID()).append("endpointId", id.group(1))
			.append("organisation", "whoever")
			.append("type", "alert.published")
			.append("alertId", "6f1c4e8a-0d53-4a8e-9d0b-2b0d5a3e7c11")
			.append("payload", "{}")
			.append("status", "FAILED")
			.append("attempts", 4)
			.append("createdAt", Date.from(this.clock.instant()))
			.append("lastStatus", 503)
			.append("lastError", "The endpoint answered 503 Service Unavailable"), "webhook_deliveries");
		assertThat(this.signIns.page(session, "/console/webhooks")).contains("alert.published")
			.contains("6f1c4e8a-0d53-4a8e-9d0b-2b0d5a3e7c11")
			.contains("failed")
			.contains("503")
			.contains("The endpoint answered 503 Service Unavailable");

		String activity = this.signIns.page(session, "/console/activity");
		assertThat(activity).contains("webhook.registered").contains(id.group(1)).doesNotContain("whsec_");
	}

	@Test
	void aRefusedAddressIsExplainedBesideItsFieldAndNothingIsRegistered() throws Exception {
		MockHttpSession session = this.signIns.logIn(this.email);

		for (String url : new String[] { "http://169.254.169.254/latest/meta-data/", "ftp://hooks.example.org/", "" }) {
			MvcResult result = this.mvc
				.perform(post("/console/webhooks").param("url", url).session(session).with(csrf()))
				.andReturn();

			assertThat(result.getResponse().getStatus()).as(url).isEqualTo(422);
			String page = result.getResponse().getContentAsString();
			assertThat(page).as(url).contains("id=\"url-error\"").doesNotContain("whsec_");
		}
		MvcResult metadata = this.mvc
			.perform(post("/console/webhooks").param("url", "http://169.254.169.254/latest/meta-data/")
				.session(session)
				.with(csrf()))
			.andReturn();
		FieldMarks.assertMarkedInvalid(metadata.getResponse().getContentAsString(), "url",
				"The address must not point to a cloud metadata address");
		MvcResult longDescription = this.mvc
			.perform(post("/console/webhooks").param("url", "https://hooks.example.org/alerts")
				.param("description", "campaign website\nand more")
				.session(session)
				.with(csrf()))
			.andReturn();
		assertThat(longDescription.getResponse().getStatus()).isEqualTo(422);
		FieldMarks.assertMarkedInvalid(longDescription.getResponse().getContentAsString(), "description",
				"must be one line of at most 200 characters");
		assertThat(Jsoup.parse(longDescription.getResponse().getContentAsString())
			.getElementById("url")
			.hasAttr("aria-invalid")).isFalse();
		assertThat(metadata.getResponse().getContentAsString())
			.contains("The address must not point to a cloud metadata address")
			.contains("value=\"http://169.254.169.254/latest/meta-data/\"");
		MvcResult scheme = this.mvc
			.perform(post("/console/webhooks").param("url", "ftp://hooks.example.org/").session(session).with(csrf()))
			.andReturn();
		assertThat(scheme.getResponse().getContentAsString()).contains("The address must be an https:// URL");
		assertThat(this.signIns.page(session, "/console/webhooks")).contains("has no webhook endpoints");
		assertThat(this.signIns.page(session, "/console/activity")).doesNotContain("webhook.registered");
	}

	@Test
	void anEndpointIsRemovedWhileAnotherOrganisationSeesNoneAndGets404() throws Exception {
		MockHttpSession session = this.signIns.logIn(this.email);
		String answer = this.mvc
			.perform(post("/console/webhooks").param("url", "https://hooks.example.org/removed")
				.session(session)
				.with(csrf()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		Matcher id = ENDPOINT_ID.matcher(answer);
		assertThat(id.find()).isTrue();

		MockHttpSession other = this.signIns.logIn(newUser("other-"));
		assertThat(this.signIns.page(other, "/console/webhooks")).contains("has no webhook endpoints")
			.doesNotContain("hooks.example.org")
			.doesNotContain(id.group(1));
		MvcResult foreign = this.mvc
			.perform(post("/console/webhooks/" + id.group(1) + "/delete").session(other).with(csrf()))
			.andReturn();
		assertThat(foreign.getResponse().getStatus()).isEqualTo(404);
		assertThat(foreign.getResponse().getContentAsString()).contains("Not found");
		assertThat(this.signIns.page(session, "/console/webhooks")).contains("https://hooks.example.org/removed");

		MvcResult withoutCsrf = this.mvc.perform(post("/console/webhooks/" + id.group(1) + "/delete").session(session))
			.andReturn();
		assertThat(withoutCsrf.getResponse().getStatus()).isEqualTo(403);
		MvcResult registerWithoutCsrf = this.mvc
			.perform(post("/console/webhooks").param("url", "https://hooks.example.org/forged").session(session))
			.andReturn();
		assertThat(registerWithoutCsrf.getResponse().getStatus()).isEqualTo(403);
		assertThat(this.signIns.page(session, "/console/webhooks")).contains("https://hooks.example.org/removed")
			.doesNotContain("forged");

		MvcResult removed = this.mvc
			.perform(post("/console/webhooks/" + id.group(1) + "/delete").session(session).with(csrf()))
			.andReturn();
		assertThat(removed.getResponse().getRedirectedUrl()).isEqualTo("/console/webhooks?removed");
		assertThat(this.signIns.page(session, "/console/webhooks?removed")).contains("The endpoint was removed")
			.contains("has no webhook endpoints");
		assertThat(this.signIns.page(session, "/console/activity")).contains("webhook.removed");
		assertThat(this.signIns.page(other, "/console/activity")).doesNotContain("webhook.");
	}

	private String newUser(String prefix) throws Exception {
		String organisation = prefix + UUID.randomUUID().toString().substring(0, 8);
		String address = "ayla." + organisation + "@example.org";
		this.signIns.setPassword(this.signIns.invite(organisation, address));
		return address;
	}

}
