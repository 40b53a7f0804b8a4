package org.solidarityalerts.ingest.console;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.ActionsReported;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.ingest.IngestIntegrationTest;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.testsupport.TestClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The console's alert page shows the organisation how many readers said they took each
 * action ("I did this" in the e-mails), from the totals dispatch publishes, beside the
 * action and refreshed by htmx like the delivery progress; another organisation's user
 * sees nothing of it.
 */
@IngestIntegrationTest
class ConsoleActionCountsIntegrationTests {

	private static final String PASSWORD = ConsoleSignIns.PASSWORD;

	private static final Pattern ALERT_LOCATION = Pattern.compile("/console/alerts/([0-9a-f-]{36})");

	private static final StubDispatch dispatch = new StubDispatch();

	@Autowired
	WebApplicationContext context;

	@Autowired
	TestClock clock;

	@Autowired
	KafkaTemplate<String, ContractEvent> kafka;

	@Autowired
	ApiKeys apiKeys;

	MockMvc mvc;

	ConsoleSignIns signIns;

	String email;

	@DynamicPropertySource
	static void dispatchStub(DynamicPropertyRegistry registry) {
		dispatch.register(registry);
	}

	@AfterAll
	static void stopStub() {
		dispatch.stop();
	}

	@BeforeEach
	void organisationWithAUser() throws Exception {
		dispatch.reset();
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
		this.signIns = new ConsoleSignIns(this.mvc, this.apiKeys);
		String organisation = "org-" + UUID.randomUUID().toString().substring(0, 8);
		this.email = "ayla." + organisation + "@example.org";
		setPassword(invite(organisation, this.email));
	}

	@Test
	void theAlertPageShowsHowManyReadersSaidTheyTookEachActionAndAnotherOrganisationGets404() throws Exception {
		MockHttpSession session = logIn(this.email);
		String id = compose(session);
		String page = page(session, "/console/alerts/" + id);
		assertThat(page).contains("id=\"action-0\"")
			.contains("0 readers said they did this")
			.contains("hx-get=\"/console/alerts/" + id + "/actions-reported\"");
		AlertVersion version = new AlertVersion(AlertId.parse(id), 1);

		publish(new ActionsReported(EventId.random(), ContractEvent.SCHEMA_VERSION, this.clock.instant(), version, 0,
				"write", 1));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(page(session, "/console/alerts/" + id + "/actions-reported"))
				.contains("1 reader said they did this")
				.doesNotContain("<html"));

		publish(new ActionsReported(EventId.random(), ContractEvent.SCHEMA_VERSION, this.clock.instant(), version, 0,
				"write", 12));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(page(session, "/console/alerts/" + id)).contains("12 readers said they did this"));

		String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
		String otherEmail = "someone@" + other + ".example.org";
		setPassword(invite(other, otherEmail));
		MockHttpSession otherSession = logIn(otherEmail);
		MvcResult refused = this.mvc.perform(get("/console/alerts/" + id + "/actions-reported").session(otherSession))
			.andReturn();
		assertThat(refused.getResponse().getStatus()).isEqualTo(404);
		assertThat(refused.getResponse().getContentAsString()).doesNotContain("said they did this");
		assertThat(this.mvc.perform(get("/console/alerts/" + id).session(otherSession))
			.andReturn()
			.getResponse()
			.getStatus()).isEqualTo(404);
	}

	private void publish(ActionsReported event) {
		ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(Topics.ACTION_REPORTS,
				event.alertId().toString(), event);
		EventHeaders.write(record.headers(), event, "/alert-dispatch");
		this.kafka.send(record).join();
	}

	private String compose(MockHttpSession session) throws Exception {
		String deadline = this.clock.instant()
			.plus(10, ChronoUnit.DAYS)
			.atOffset(ZoneOffset.UTC)
			.toLocalDateTime()
			.truncatedTo(ChronoUnit.MINUTES)
			.toString();
		MvcResult result = this.mvc
			.perform(post("/console/alerts").param("alertId", UUID.randomUUID().toString())
				.param("kind", "urgent-action")
				.param("campaignId", "free-dana")
				.param("campaignName", "Free Dana Serikova")
				.param("subjectCountry", "KZ")
				.param("defaultLanguage", "en")
				.param("languages[0].tag", "en")
				.param("languages[0].title", "Dana Serikova begins a hunger strike")
				.param("languages[0].summary", "Write to the Supreme Court before the review.")
				.param("targetTitle", "Chair of the Supreme Court")
				.param("targetEmail", "court@example.org")
				.param("timeZone", "Asia/Almaty")
				.param("deadline", deadline)
				.param("intent", "publish")
				.session(session)
				.with(csrf()))
			.andReturn();
		assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(302);
		Matcher matcher = ALERT_LOCATION.matcher(result.getResponse().getRedirectedUrl());
		assertThat(matcher.find()).isTrue();
		return matcher.group(1);
	}

	private String invite(String organisation, String email) throws Exception {
		return this.signIns.invite(organisation, email);
	}

	private void setPassword(String token) throws Exception {
		this.signIns.setPassword(token);
	}

	private MockHttpSession logIn(String email) throws Exception {
		return this.signIns.logIn(email);
	}

	private String page(MockHttpSession session, String path) throws Exception {
		return this.signIns.page(session, path);
	}

}
