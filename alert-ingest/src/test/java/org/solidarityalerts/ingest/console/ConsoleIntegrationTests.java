package org.solidarityalerts.ingest.console;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import jakarta.servlet.http.Cookie;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.Action;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.AudienceResolved;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryRecorded;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.LocalizedText;
import org.solidarityalerts.contract.MailEvent;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.ingest.IngestIntegrationTest;
import org.solidarityalerts.ingest.alert.OrganiserAlerts;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.Organiser;
import org.solidarityalerts.ingest.organiser.Role;
import org.solidarityalerts.testsupport.TestClock;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * The organisers' console through the whole application and its security filter chains:
 * an operator's invitation, the invitee's password, the login (with and without a second
 * factor), composing, publishing, updating and cancelling an alert through the API's own
 * service (stored, and published by the outbox relay), the audit log, and what it
 * refuses: a used or expired invitation link, a form without its CSRF token, a wrong
 * code, too many wrong passwords, and another organisation's alert.
 */
@IngestIntegrationTest
class ConsoleIntegrationTests {

	private static final String PASSWORD = ConsoleSignIns.PASSWORD;

	private static final Pattern ALERT_LOCATION = Pattern.compile("/console/alerts/([0-9a-f-]{36})");

	private static final StubDispatch dispatch = new StubDispatch();

	private final List<JsonNode> dispatchCalls = dispatch.calls();

	@Autowired
	WebApplicationContext context;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	OrganiserAlerts organiserAlerts;

	@Autowired
	TestClock clock;

	@Autowired
	KafkaTemplate<String, ContractEvent> kafka;

	@Autowired
	KafkaAdmin kafkaAdmin;

	@Autowired
	ApiKeys apiKeys;

	MockMvc mvc;

	String organisation;

	String email;

	ConsoleSignIns signIns;

	/** The operator key of {@link #signIns}. */
	String operatorKey;

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
		this.operatorKey = this.signIns.operatorKey();
		this.organisation = "org-" + UUID.randomUUID().toString().substring(0, 8);
		this.email = "ayla." + this.organisation + "@example.org";
		String token = invite(this.organisation, this.email);
		setPassword(token);
	}

	@Test
	void anInvitedUserComposesPublishesUpdatesAndCancelsAnAlertAndEveryStepIsAudited() throws Exception {
		MockHttpSession session = logIn(this.email);
		assertThat(page(session, "/console/alerts")).contains("No alerts yet");
		assertThat(page(session, "/console/alerts/new")).contains("Compose an alert").contains("name=\"_csrf\"");

		String id = compose(session, "Dana Serikova begins a hunger strike", "publish");
		Document stored = alert(id);
		assertThat(stored.getString("organisation")).isEqualTo(this.organisation);
		assertThat(stored.getInteger("version")).isEqualTo(1);
		await().atMost(Duration.ofSeconds(20)).until(() -> published(id, 0));
		String alertPage = page(session, "/console/alerts/" + id);
		assertThat(alertPage).contains("Dana Serikova begins a hunger strike")
			.contains("id=\"preview\"")
			.contains("id=\"progress\"")
			.contains("alert.published");
		assertThat(page(session, "/console/alerts")).contains("Dana Serikova begins a hunger strike")
			.contains("free-dana");

		assertThat(page(session, "/console/alerts/" + id + "/edit")).contains("What changed")
			.contains("Dana Serikova begins a hunger strike");
		this.mvc
			.perform(alertFields(post("/console/alerts/" + id), "Dana Serikova: day 10 of her hunger strike")
				.param("version", "1")
				.param("changeNote", "She is now in the prison hospital.")
				.session(session)
				.with(csrf()))
			.andExpect((result) -> assertThat(result.getResponse().getStatus()).isEqualTo(302));
		assertThat(alert(id).getInteger("version")).isEqualTo(2);
		await().atMost(Duration.ofSeconds(20)).until(() -> published(id, 1));
		assertThat(page(session, "/console/alerts/" + id)).contains("day 10 of her hunger strike")
			.contains("alert.updated")
			.contains("She is now in the prison hospital.");

		this.mvc
			.perform(post("/console/alerts/" + id + "/cancel").param("reason", "She was released this morning.")
				.param("version", "2")
				.session(session)
				.with(csrf()))
			.andExpect((result) -> assertThat(result.getResponse().getStatus()).isEqualTo(302));
		assertThat(alert(id).getBoolean("cancelled")).isTrue();
		await().atMost(Duration.ofSeconds(20)).until(() -> published(id, 2));
		assertThat(page(session, "/console/alerts/" + id)).contains("cancelled").doesNotContain("Update this alert");

		List<String> actions = this.mongo
			.find(Query.query(Criteria.where("organisation").is(this.organisation)), Document.class, "console_audit")
			.stream()
			.map((entry) -> entry.getString("action"))
			.toList();
		assertThat(actions).contains("user.invited", "user.joined", "login", "alert.published", "alert.updated",
				"alert.cancelled");
		List<Document> entries = this.mongo.find(Query.query(Criteria.where("alertId").is(id)), Document.class,
				"console_audit");
		assertThat(entries).allSatisfy((entry) -> {
			assertThat(entry.getString("actor")).isEqualTo(this.email);
			assertThat(entry.toJson()).doesNotContain(PASSWORD);
		});
		assertThat(page(session, "/console/activity")).contains("alert.cancelled").contains(id).contains(this.email);
	}

	@Test
	void aScheduledAlertWaitsForItsTime() throws Exception {
		MockHttpSession session = logIn(this.email);
		String publishAt = this.clock.instant()
			.plus(3, ChronoUnit.DAYS)
			.atOffset(ZoneOffset.UTC)
			.toLocalDateTime()
			.truncatedTo(ChronoUnit.MINUTES)
			.toString();
		MvcResult result = this.mvc
			.perform(alertFields(post("/console/alerts"), "Embargoed: the verdict").param("intent", "schedule")
				.param("publishAt", publishAt)
				.session(session)
				.with(csrf()))
			.andReturn();
		String id = alertId(result);
		assertThat(page(session, "/console/alerts/" + id)).contains("scheduled");
		assertThat(alert(id).getBoolean("pending")).isTrue();
	}

	@Test
	void anInvalidAlertIsShownAgainWithEachProblemBesideItsFieldAndNothingIsStored() throws Exception {
		MockHttpSession session = logIn(this.email);
		MvcResult result = this.mvc
			.perform(alertFields(post("/console/alerts"), "").param("petitionUrl", "http://not-secure.example")
				.param("intent", "publish")
				.session(session)
				.with(csrf()))
			.andReturn();
		assertThat(result.getResponse().getStatus()).isEqualTo(422);
		String html = result.getResponse().getContentAsString();
		assertThat(html).contains("Nothing was stored")
			.contains("Title (en): is required")
			.contains("Petition address (action 1: Sign a petition): must be an https URL")
			.contains("value=\"http://not-secure.example\"");
		assertThat(this.mongo.count(Query.query(Criteria.where("organisation").is(this.organisation)), "alerts"))
			.isZero();
		MvcResult schedule = this.mvc
			.perform(alertFields(post("/console/alerts"), "No time given").param("intent", "schedule")
				.session(session)
				.with(csrf()))
			.andReturn();
		assertThat(schedule.getResponse().getContentAsString()).contains("Publish at: is required to schedule");
	}

	@Test
	void composingWithActionsOfSeveralKindsStoresEachExactlyAndAnUnchangedUpdateKeepsThemAll() throws Exception {
		MockHttpSession session = logIn(this.email);
		String start = this.clock.instant()
			.plus(5, ChronoUnit.DAYS)
			.atZone(ZoneId.of("Europe/Madrid"))
			.toLocalDateTime()
			.truncatedTo(ChronoUnit.HOURS)
			.toString();
		String expires = this.clock.instant()
			.plus(20, ChronoUnit.DAYS)
			.atOffset(ZoneOffset.UTC)
			.atZoneSameInstant(ZoneId.of("Asia/Almaty"))
			.toLocalDateTime()
			.truncatedTo(ChronoUnit.MINUTES)
			.toString();
		String id = alertId(this.mvc
			.perform(threeActions(wordsAndTiming(post("/console/alerts"), "Dana Serikova: call, protest, come"), start)
				.param("expiresAt", expires)
				.param("residenceCountries", "es, GB")
				.param("intent", "publish")
				.session(session)
				.with(csrf()))
			.andReturn());

		AlertSnapshot stored = this.organiserAlerts.get(organiser(), id).current();
		assertThat(stored.actions()).hasSize(3);
		Action.PhoneTarget phone = (Action.PhoneTarget) stored.actions().get(0);
		assertThat(phone.target().name()).isEqualTo("Aliya Nurova");
		assertThat(phone.target().title()).isEqualTo(LocalizedText.of("Prosecutor General"));
		assertThat(phone.target().phones()).containsExactly("+7 7172 71 28 50", "+7 7172 71 28 51");
		assertThat(phone.copiesTo()).containsExactly("campaign@example.org");
		assertThat(phone.residenceCountries()).isEmpty();
		Action.ProtestToEmbassy embassy = (Action.ProtestToEmbassy) stored.actions().get(1);
		assertThat(embassy.note())
			.isEqualTo(new LocalizedText(Map.of("en", "Ask for her release", "es", "Pide su liberación")));
		assertThat(embassy.residenceCountries()).containsExactly("ES");
		Action.Attend attend = (Action.Attend) stored.actions().get(2);
		assertThat(attend.venue()).isEqualTo(LocalizedText.of("Plaza Mayor"));
		assertThat(attend.address()).containsExactly("Plaza Mayor 1", "28012 Madrid");
		assertThat(attend.timeZone()).isEqualTo("Europe/Madrid");
		assertThat(attend.start().toInstant())
			.isEqualTo(LocalDateTime.parse(start).atZone(ZoneId.of("Europe/Madrid")).toInstant());
		assertThat(attend.end().toInstant()).isEqualTo(attend.start().toInstant().plus(2, ChronoUnit.HOURS));
		assertThat(stored.expiresAt())
			.isEqualTo(LocalDateTime.parse(expires).atZone(ZoneId.of("Asia/Almaty")).toInstant());
		assertThat(stored.residenceCountries()).containsExactly("ES", "GB");

		String edit = page(session, "/console/alerts/" + id + "/edit");
		assertThat(edit).contains("Action 1: Phone someone")
			.contains("Action 2: Protest to the embassy")
			.contains("Action 3: Come to an event")
			.contains("+7 7172 71 28 50\n+7 7172 71 28 51")
			.contains("Pide su liberación")
			.contains("value=\"" + start + "\"");
		Element form = Jsoup.parse(edit).getElementById("compose");
		assertThat(form).isNotNull();
		MockHttpServletRequestBuilder preview = asEdited(form, post("/console/alerts/" + id + "/draft-preview"));
		assertThat(this.mvc.perform(preview.header("HX-Request", "true").session(session).with(csrf()))
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("id=\"draft-preview-subject-0\">Dana Serikova: call, protest, come<");
		assertThat(this.organiserAlerts.get(organiser(), id).version()).isEqualTo(1);
		this.mvc
			.perform(asEdited(form, post("/console/alerts/" + id)).param("changeNote", "Nothing but this note changed.")
				.session(session)
				.with(csrf()))
			.andExpect((result) -> assertThat(result.getResponse().getStatus())
				.as(result.getResponse().getContentAsString())
				.isEqualTo(302));
		AlertSnapshot updated = this.organiserAlerts.get(organiser(), id).current();
		assertThat(updated.version()).isEqualTo(2);
		assertThat(updated.actions()).isEqualTo(stored.actions());
		assertThat(updated.expiresAt()).isEqualTo(stored.expiresAt());
		assertThat(updated.residenceCountries()).isEqualTo(stored.residenceCountries());
		assertThat(updated.content()).isEqualTo(stored.content());
		assertThat(updated.deadline()).isEqualTo(stored.deadline());
	}

	@Test
	void aProblemInsideTheSecondActionIsShownBesideThatActionsField() throws Exception {
		MockHttpSession session = logIn(this.email);
		MvcResult result = this.mvc
			.perform(wordsAndTiming(post("/console/alerts"), "Call the prosecutor")
				.param("actions[0].kind", "sign-petition")
				.param("actions[0].url", "https://petitions.example.org/free-dana")
				.param("actions[1].kind", "write")
				.param("actions[2].kind", "phone")
				.param("actions[2].target.name", "Aliya Nurova")
				.param("actions[2].target.phones", "+7 7172 71 28 50\ncall me maybe")
				.param("intent", "publish")
				.session(session)
				.with(csrf()))
			.andReturn();
		assertThat(result.getResponse().getStatus()).isEqualTo(422);
		String html = result.getResponse().getContentAsString();
		// The blank letter is no action: the phone call is the draft's second action, on
		// the
		// form's third row.
		assertThat(html).contains("Phone numbers (action 3: Phone someone): must be a phone number");
		Element phones = Jsoup.parse(html).getElementById("action-2-target-phones");
		assertThat(phones).isNotNull();
		assertThat(phones.nextElementSibling().hasClass("field-error")).isTrue();
		assertThat(phones.nextElementSibling().text()).contains("must be a phone number");
		assertThat(Jsoup.parse(html).select("#action-0 .field-error, #action-1 .field-error")).isEmpty();
		assertThat(this.mongo.count(Query.query(Criteria.where("organisation").is(this.organisation)), "alerts"))
			.isZero();
	}

	/**
	 * A screen reader hears, on each field the form came back with a problem, that it is
	 * invalid and why; each problem in the list above the form links to its field.
	 */
	@Test
	void everyProblemLinksToItsFieldWhichSaysItIsInvalidAndWhy() throws Exception {
		MockHttpSession session = logIn(this.email);
		MvcResult result = this.mvc
			.perform(wordsAndTiming(post("/console/alerts"), "").param("campaignId", "Free Dana!")
				.param("subjectCountry", "Kazakhstan")
				.param("languages[1].tag", "not a language")
				.param("actions[0].kind", "sign-petition")
				.param("actions[0].url", "http://petitions.example.org/free-dana")
				.param("actions[1].kind", "write")
				.param("actions[1].target.name", "Aliya Nurova")
				.param("actions[1].target.emails", "not an address")
				.param("actions[1].target.via.name", "Embassy of Kazakhstan")
				.param("actions[1].target.via.phones", "call me maybe")
				.param("actions[2].kind", "phone")
				.param("actions[2].target.phones", "+7 7172 71 28 50")
				.param("actions[3].kind", "attend")
				.param("actions[3].address", "Plaza de la Villa de París, Madrid")
				.param("actions[3].timeZone", "Europe/Madrid")
				.param("actions[3].start", "2026-12-05T12:00")
				.param("intent", "publish")
				.session(session)
				.with(csrf()))
			.andReturn();
		assertThat(result.getResponse().getStatus()).isEqualTo(422);
		org.jsoup.nodes.Document page = Jsoup.parse(result.getResponse().getContentAsString());
		List<Element> links = page.select("#problems li a");
		List<String> targets = links.stream().map((link) -> link.attr("href")).toList();
		assertThat(targets).contains("#campaignId", "#subjectCountry", "#title-0", "#lang-1", "#action-0-url",
				"#action-1-target-emails", "#action-1-via-phones", "#action-2-target-name", "#action-3-venue-en");
		for (Element link : links) {
			Element target = page.getElementById(link.attr("href").substring(1));
			assertThat(target).as(link.text()).isNotNull();
			if (target.hasClass("field-error")) {
				assertThat(link.text()).endsWith(": " + target.text());
				continue;
			}
			assertThat(target.tagName()).as(link.text()).isIn("input", "textarea", "select");
			assertThat(target.attr("aria-invalid")).as(link.text()).isEqualTo("true");
			List<String> said = List.of(target.attr("aria-describedby").split(" "))
				.stream()
				.map((id) -> page.getElementById(id))
				.map((description) -> (description != null) ? description.text() : "")
				.toList();
			// The list says "<label>: <problem>"; the field is described by the problem.
			assertThat(said).as(link.text()).anySatisfy((text) -> assertThat(link.text()).endsWith(": " + text));
		}
		// Every problem beside a field is one a control or the list points to, and the
		// fields without one are not marked.
		assertThat(page.select(".field-error")).hasSameSizeAs(links)
			.allSatisfy((paragraph) -> assertThat(paragraph.id()).endsWith("-problem"));
		assertThat(page.select("[aria-invalid]"))
			.allSatisfy((control) -> assertThat(page.getElementById(control.attr("aria-describedby").split(" ")[0]))
				.isNotNull());
		assertThat(page.getElementById("campaignName").hasAttr("aria-invalid")).isFalse();
		assertThat(page.getElementById("action-1-target-name").hasAttr("aria-invalid")).isFalse();
	}

	/**
	 * A form changed by hand (a number that is not a number, a row far beyond any the
	 * form grows to) gets a console page naming the field, not the API's problem details
	 * or a failure, and nothing is stored.
	 */
	@Test
	void aFormThatCannotBeBoundGetsAConsolePageNamingTheFieldAndNothingIsStored() throws Exception {
		MockHttpSession session = logIn(this.email);
		Map<String, String> fields = Map.of("version", "abc", "_remove", "abc", "actions[300].kind", "write",
				"languages[5000].tag", "en");

		for (Map.Entry<String, String> field : fields.entrySet()) {
			MvcResult result = this.mvc
				.perform(alertFields(post("/console/alerts"), "Changed by hand").param(field.getKey(), field.getValue())
					.session(session)
					.with(csrf()))
				.andReturn();

			assertThat(result.getResponse().getStatus()).as(field.getKey()).isEqualTo(400);
			assertThat(result.getResponse().getContentType()).as(field.getKey()).startsWith("text/html");
			assertThat(result.getResponse().getContentAsString()).as(field.getKey())
				.contains("<h1>The form could not be read</h1>", "Nothing was stored",
						field.getKey().replaceAll("\\].*", "]"));
		}
		assertThat(this.mongo.count(Query.query(Criteria.where("organisation").is(this.organisation)), "alerts"))
			.isZero();
	}

	@Test
	void addAndRemoveActionButtonsWorkWithoutScriptAndStoreNothing() throws Exception {
		MockHttpSession session = logIn(this.email);
		assertThat(page(session, "/console/alerts/new")).contains("Petition address (https)")
			.contains("name=\"actions[1].kind\" value=\"write\"")
			.contains("name=\"_add\" value=\"attend\"");
		MvcResult added = this.mvc
			.perform(wordsAndTiming(post("/console/alerts"), "Adding").param("actions[0].kind", "sign-petition")
				.param("actions[0].url", "https://petitions.example.org/free-dana")
				.param("_add", "phone")
				.session(session)
				.with(csrf()))
			.andReturn();
		assertThat(added.getResponse().getStatus()).isEqualTo(200);
		org.jsoup.nodes.Document page = Jsoup.parse(added.getResponse().getContentAsString());
		assertThat(page.select("input[name=actions[1].kind]").val()).isEqualTo("phone");
		assertThat(page.select("input[name=actions[0].url]").val())
			.isEqualTo("https://petitions.example.org/free-dana");
		assertThat(page.getElementById("action-1-target-phones")).isNotNull();

		MvcResult removed = this.mvc
			.perform(wordsAndTiming(post("/console/alerts"), "Removing").param("actions[0].kind", "sign-petition")
				.param("actions[0].url", "https://petitions.example.org/free-dana")
				.param("actions[1].kind", "phone")
				.param("actions[1].target.name", "Aliya Nurova")
				.param("_remove", "0")
				.header("HX-Request", "true")
				.session(session)
				.with(csrf()))
			.andReturn();
		String fragment = removed.getResponse().getContentAsString();
		assertThat(fragment).startsWith("<fieldset id=\"actions\"").doesNotContain("<html");
		assertThat(Jsoup.parse(fragment).select("input[name=actions[0].kind]").val()).isEqualTo("phone");
		assertThat(Jsoup.parse(fragment).select("input[name=actions[1].kind]")).isEmpty();
		assertThat(fragment).contains("value=\"Aliya Nurova\"");
		assertThat(this.mongo.count(Query.query(Criteria.where("organisation").is(this.organisation)), "alerts"))
			.isZero();
	}

	@Test
	void theDraftPreviewRendersTheUnsavedFormForTwoReadersAndStoresNothing() throws Exception {
		MockHttpSession session = logIn(this.email);
		MvcResult result = this.mvc
			.perform(threeActions(
					alertFields(post("/console/alerts/draft-preview"), "Dana Serikova begins a hunger strike"),
					this.clock.instant()
						.plus(5, ChronoUnit.DAYS)
						.atOffset(ZoneOffset.UTC)
						.toLocalDateTime()
						.truncatedTo(ChronoUnit.HOURS)
						.toString())
				.param("readers[0].language", "es")
				.param("readers[0].residenceCountry", "es")
				.param("readers[0].timeZone", "Europe/Madrid")
				.param("readers[1].language", "en")
				.param("readers[1].residenceCountry", "GB")
				.param("readers[1].timeZone", "Europe/London")
				.header("HX-Request", "true")
				.session(session)
				.with(csrf()))
			.andReturn();
		assertThat(result.getResponse().getStatus()).isEqualTo(200);
		String fragment = result.getResponse().getContentAsString();
		assertThat(fragment).startsWith("<section id=\"draft-preview\"")
			.doesNotContain("<html")
			.contains("id=\"draft-preview-subject-0\">Dana Serikova: huelga de hambre<")
			.contains("id=\"draft-preview-subject-1\">Dana Serikova begins a hunger strike<")
			.contains("Para lectores en ES (Europe/Madrid)")
			.contains("For readers in GB (Europe/London)")
			.contains("sandbox=\"\"")
			.contains("srcdoc=\"&lt;p&gt;Embajada en ES&lt;/p&gt;&lt;script&gt;")
			.doesNotContain("<script>steal()");
		assertThat(this.dispatchCalls).hasSize(2);
		JsonNode sent = this.dispatchCalls.getFirst();
		assertThat(sent.at("/alert/actions").size()).isEqualTo(4);
		assertThat(sent.at("/alert/actions/2/residenceCountries/0").asString()).isEqualTo("ES");
		assertThat(sent.at("/reader/residenceCountry").asString()).isEqualTo("ES");

		MvcResult whole = this.mvc
			.perform(alertFields(post("/console/alerts/draft-preview"), "Dana Serikova begins a hunger strike")
				.session(session)
				.with(csrf()))
			.andReturn();
		assertThat(whole.getResponse().getStatus()).isEqualTo(200);
		assertThat(whole.getResponse().getContentAsString()).contains("Compose an alert")
			.contains("id=\"draft-preview-subject-0\">Dana Serikova begins a hunger strike<")
			.contains("value=\"Dana Serikova begins a hunger strike\"");
		MvcResult forged = this.mvc
			.perform(alertFields(post("/console/alerts/draft-preview"), "Forged").session(session))
			.andReturn();
		assertThat(forged.getResponse().getStatus()).isEqualTo(403);

		assertThat(this.mongo.count(Query.query(Criteria.where("organisation").is(this.organisation)), "alerts"))
			.isZero();
		assertThat(this.mongo.find(Query.query(Criteria.where("organisation").is(this.organisation)), Document.class,
				"console_audit"))
			.extracting((entry) -> entry.getString("action"))
			.noneMatch((action) -> action.startsWith("alert."));
	}

	@Test
	void theDraftPreviewOfAnInvalidDraftShowsItsProblemsAndAsksDispatchNothing() throws Exception {
		MockHttpSession session = logIn(this.email);
		MvcResult result = this.mvc
			.perform(alertFields(post("/console/alerts/draft-preview"), "").param("actions[0].kind", "sign-petition")
				.param("actions[0].url", "http://not-secure.example")
				.header("HX-Request", "true")
				.session(session)
				.with(csrf()))
			.andReturn();
		assertThat(result.getResponse().getStatus()).isEqualTo(200);
		assertThat(result.getResponse().getContentAsString()).contains("Not yet a valid alert")
			.contains("Title (en): is required")
			.contains("Petition address (action 1: Sign a petition): must be an https URL")
			.doesNotContain("draft-preview-subject");
		assertThat(this.dispatchCalls).isEmpty();
		assertThat(this.mongo.count(Query.query(Criteria.where("organisation").is(this.organisation)), "alerts"))
			.isZero();
	}

	@Test
	void aFormWithoutItsCsrfTokenIsRefusedAndNothingIsStored() throws Exception {
		MockHttpSession session = logIn(this.email);
		MvcResult result = this.mvc
			.perform(alertFields(post("/console/alerts"), "Forged").param("intent", "publish").session(session))
			.andReturn();
		assertThat(result.getResponse().getStatus()).isEqualTo(403);
		assertThat(this.mongo.count(Query.query(Criteria.where("organisation").is(this.organisation)), "alerts"))
			.isZero();
		MvcResult login = this.mvc
			.perform(post("/console/login").param("username", this.email).param("password", PASSWORD))
			.andReturn();
		assertThat(login.getResponse().getStatus()).isEqualTo(403);
	}

	@Test
	void anInvitationLinkWorksOnceAndNotAfterItExpires() throws Exception {
		String token = invite(this.organisation, "second." + this.email);
		assertThat(this.mvc.perform(get("/console/invitations/" + token)).andReturn().getResponse().getStatus())
			.isEqualTo(200);
		setPassword(token);
		MvcResult again = this.mvc.perform(get("/console/invitations/" + token)).andReturn();
		assertThat(again.getResponse().getStatus()).isEqualTo(410);
		assertThat(again.getResponse().getContentAsString()).contains("This invitation link no longer works");
		MvcResult reuse = this.mvc
			.perform(post("/console/invitations/" + token).param("password", "another password entirely")
				.param("confirmation", "another password entirely")
				.with(csrf()))
			.andReturn();
		assertThat(reuse.getResponse().getStatus()).isEqualTo(410);
		logIn("second." + this.email);

		String expiring = invite(this.organisation, "third." + this.email);
		this.clock.advance(Duration.ofHours(73));
		assertThat(this.mvc.perform(get("/console/invitations/" + expiring)).andReturn().getResponse().getStatus())
			.isEqualTo(410);
		assertThat(this.mvc.perform(get("/console/invitations/not-a-token")).andReturn().getResponse().getStatus())
			.isEqualTo(410);
	}

	@Test
	void aShortPasswordIsRefusedInPlainWords() throws Exception {
		String token = invite(this.organisation, "short." + this.email);
		MvcResult result = this.mvc
			.perform(post("/console/invitations/" + token).param("password", "tooshort")
				.param("confirmation", "tooshort")
				.with(csrf()))
			.andReturn();
		assertThat(result.getResponse().getStatus()).isEqualTo(422);
		assertThat(result.getResponse().getContentAsString()).contains("at least 12 characters");
		FieldMarks.assertMarkedInvalid(result.getResponse().getContentAsString(), "password", "at least 12 characters");
		assertThat(this.mvc.perform(get("/console/invitations/" + token)).andReturn().getResponse().getStatus())
			.isEqualTo(200);
	}

	@Test
	void withASecondFactorTheLoginAsksForAValidCodeAndRefusesAWrongOne() throws Exception {
		MockHttpSession session = logIn(this.email);
		String setUp = this.mvc.perform(post("/console/account/second-factor/start").session(session).with(csrf()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(setUp).contains("otpauth://totp/");
		Matcher secretText = Pattern.compile("<code id=\"secret\">([A-Z2-7]+)</code>").matcher(setUp);
		assertThat(secretText.find()).isTrue();
		String secret = secretText.group(1);
		MvcResult wrongConfirmation = this.mvc.perform(
				post("/console/account/second-factor/confirm").param("code", "000000").session(session).with(csrf()))
			.andReturn();
		assertThat(wrongConfirmation.getResponse().getStatus()).isEqualTo(422);
		FieldMarks.assertMarkedInvalid(wrongConfirmation.getResponse().getContentAsString(), "code", "code");
		this.mvc
			.perform(post("/console/account/second-factor/confirm").param("code", code(secret))
				.session(session)
				.with(csrf()))
			.andExpect((result) -> assertThat(result.getResponse().getRedirectedUrl())
				.isEqualTo("/console/account?enabled"));

		MockHttpSession second = new MockHttpSession();
		MvcResult password = this.signIns.password(this.email, second);
		assertThat(password.getResponse().getRedirectedUrl()).isEqualTo("/console/login/code");
		assertThat(this.mvc.perform(get("/console/alerts").session(second)).andReturn().getResponse().getStatus())
			.isEqualTo(403);
		MvcResult wrong = this.mvc
			.perform(post("/console/login/code").param("code", wrongCode(secret)).session(second).with(csrf()))
			.andReturn();
		assertThat(wrong.getResponse().getStatus()).isEqualTo(422);
		assertThat(wrong.getResponse().getContentAsString()).contains("That code is not right");
		FieldMarks.assertMarkedInvalid(wrong.getResponse().getContentAsString(), "code", "That code is not right");
		assertThat(this.mvc.perform(get("/console/alerts").session(second)).andReturn().getResponse().getStatus())
			.isEqualTo(403);
		MvcResult right = this.mvc
			.perform(post("/console/login/code").param("code", code(secret)).session(second).with(csrf()))
			.andReturn();
		assertThat(right.getResponse().getRedirectedUrl()).isEqualTo("/console/alerts");
		assertThat(page(second, "/console/alerts")).contains("Your organisation's alerts");
		assertThat(this.mongo.find(Query.query(Criteria.where("organisation").is(this.organisation)), Document.class,
				"console_audit"))
			.extracting((entry) -> entry.getString("action"))
			.contains("second-factor.enabled", "login.refused");
	}

	@Test
	void anotherOrganisationsUserSeesNothingOfThisOrganisationsAlerts() throws Exception {
		String id = compose(logIn(this.email), "Only for our organisation", "publish");
		String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
		String otherEmail = "someone@" + other + ".example.org";
		setPassword(invite(other, otherEmail));
		MockHttpSession session = logIn(otherEmail);
		assertThat(
				this.mvc.perform(get("/console/alerts/" + id).session(session)).andReturn().getResponse().getStatus())
			.isEqualTo(404);
		assertThat(this.mvc.perform(get("/console/alerts/" + id + "/edit").session(session))
			.andReturn()
			.getResponse()
			.getStatus()).isEqualTo(404);
		assertThat(this.mvc
			.perform(post("/console/alerts/" + id + "/cancel").param("reason", "hostile").session(session).with(csrf()))
			.andReturn()
			.getResponse()
			.getStatus()).isEqualTo(404);
		assertThat(this.mvc
			.perform(alertFields(post("/console/alerts/" + id), "Hijacked").param("changeNote", "hostile")
				.session(session)
				.with(csrf()))
			.andReturn()
			.getResponse()
			.getStatus()).isEqualTo(404);
		assertThat(page(session, "/console/alerts")).doesNotContain("Only for our organisation").doesNotContain(id);
		assertThat(page(session, "/console/activity")).doesNotContain(id).doesNotContain(this.email);
		assertThat(alert(id).getBoolean("cancelled")).isFalse();
		assertThat(alert(id).getInteger("version")).isEqualTo(1);
	}

	@Test
	void thePreviewShowsWhatAReaderReceivesInTheirLanguageWithTheirCountrysTextAndItsHtmlSandboxed() throws Exception {
		MockHttpSession session = logIn(this.email);
		String id = compose(session, "Dana Serikova begins a hunger strike", "publish");
		assertThat(page(session, "/console/alerts/" + id)).contains("id=\"preview-form\"")
			.contains("<option value=\"es\"")
			.contains("<option value=\"kk\"");

		String spanish = previewPage(session, id, "es", "de", "Europe/Berlin", 200);
		String english = previewPage(session, id, "en", "KZ", "Asia/Almaty", 200);

		assertThat(spanish).contains("Dana Serikova: huelga de hambre")
			.contains("Para lectores en DE (Europe/Berlin)")
			.contains("id=\"preview-language\">es<")
			.contains("sandbox=\"\"")
			.contains("srcdoc=\"&lt;p&gt;Embajada en DE&lt;/p&gt;&lt;script&gt;")
			.doesNotContain("<script>steal()");
		assertThat(english).contains("Dana Serikova begins a hunger strike")
			.contains("For readers in KZ (Asia/Almaty)")
			.contains("id=\"preview-language\">en<");
		assertThat(this.dispatchCalls).hasSize(2);
		assertThat(this.dispatchCalls.getFirst().at("/alert/id").asString()).isEqualTo(id);
		assertThat(this.dispatchCalls.getFirst().at("/reader/languages/0").asString()).isEqualTo("es");
		assertThat(this.dispatchCalls.getFirst().at("/reader/residenceCountry").asString()).isEqualTo("DE");
		assertThat(this.dispatchCalls.getFirst().has("to")).isFalse();
		MvcResult fragment = this.mvc
			.perform(post("/console/alerts/" + id + "/preview").param("language", "es")
				.param("residenceCountry", "DE")
				.param("timeZone", "Europe/Berlin")
				.header("HX-Request", "true")
				.session(session)
				.with(csrf()))
			.andReturn();
		assertThat(fragment.getResponse().getContentAsString()).startsWith("<section id=\"preview\"")
			.contains("huelga de hambre")
			.doesNotContain("<html");
		assertThat(previewPage(session, id, "tlh", "DE", "Europe/Berlin", 422)).contains("Choose one of the languages");
		assertThat(this.dispatchCalls).hasSize(3);
	}

	@Test
	void whenDispatchIsDownThePreviewSaysSoInPlainWords() throws Exception {
		MockHttpSession session = logIn(this.email);
		String id = compose(session, "Dana Serikova begins a hunger strike", "publish");
		dispatch.down(true);

		assertThat(previewPage(session, id, "en", "KZ", "UTC", 502))
			.contains("The preview could not be rendered just now")
			.contains("Dana Serikova begins a hunger strike");
	}

	@Test
	void aTestSendGoesOnlyToTheOrganisationsTestAddressIsAuditedAndIsRefusedWithoutOne() throws Exception {
		MockHttpSession session = logIn(this.email);
		String id = compose(session, "Dana Serikova begins a hunger strike", "publish");

		MvcResult none = testSend(session, id);
		assertThat(none.getResponse().getStatus()).isEqualTo(409);
		assertThat(none.getResponse().getContentAsString()).contains("no verified test address");
		assertThat(this.dispatchCalls).isEmpty();

		setTestAddress("press@" + this.organisation + ".example.org");
		MvcResult sent = this.mvc
			.perform(post("/console/alerts/" + id + "/test-sends").param("language", "es")
				.param("residenceCountry", "DE")
				.param("timeZone", "Europe/Berlin")
				.param("to", "someone-else@example.org")
				.session(session)
				.with(csrf()))
			.andReturn();

		assertThat(sent.getResponse().getStatus()).as(sent.getResponse().getContentAsString()).isEqualTo(200);
		assertThat(sent.getResponse().getContentAsString()).contains("Sent to your organisation&#39;s test address")
			.contains("[PRUEBA] Dana Serikova: huelga de hambre")
			.doesNotContain("press@");
		assertThat(this.dispatchCalls).hasSize(1);
		assertThat(this.dispatchCalls.getFirst().path("to").asString())
			.isEqualTo("press@" + this.organisation + ".example.org");
		List<Document> audited = this.mongo.find(
				Query.query(Criteria.where("alertId").is(id).and("action").is("alert.test-sent")), Document.class,
				"console_audit");
		assertThat(audited).singleElement().satisfies((entry) -> {
			assertThat(entry.getString("actor")).isEqualTo(this.email);
			assertThat(entry.getString("organisation")).isEqualTo(this.organisation);
			assertThat(entry.getString("detail")).contains("es/DE").doesNotContain("press@");
		});
	}

	@Test
	void aTestOfTheUnsavedDraftGoesOnlyToTheTestAddressIsAuditedAsADraftAndStoresNothing() throws Exception {
		MockHttpSession session = logIn(this.email);

		MvcResult none = draftTestSend(session, 1).header("HX-Request", "true");
		assertThat(none.getResponse().getStatus()).isEqualTo(200);
		assertThat(none.getResponse().getContentAsString()).startsWith("<section id=\"draft-test\"")
			.contains("no verified test address");
		MvcResult noneWithoutScript = draftTestSend(session, 1).withoutScript();
		assertThat(noneWithoutScript.getResponse().getStatus()).isEqualTo(409);
		assertThat(this.dispatchCalls).isEmpty();

		setTestAddress("press@" + this.organisation + ".example.org");
		MvcResult forged = this.mvc
			.perform(draftReaders(alertFields(post("/console/alerts/draft-test-sends"), "Forged"))
				.param("testReader", "1")
				.session(session))
			.andReturn();
		assertThat(forged.getResponse().getStatus()).isEqualTo(403);
		assertThat(this.dispatchCalls).isEmpty();

		MvcResult invalid = this.mvc
			.perform(alertFields(post("/console/alerts/draft-test-sends"), "").param("testReader", "0")
				.session(session)
				.with(csrf()))
			.andReturn();
		assertThat(invalid.getResponse().getStatus()).isEqualTo(422);
		assertThat(invalid.getResponse().getContentAsString()).contains("not yet a valid alert")
			.contains("Title (en): is required");
		assertThat(this.dispatchCalls).isEmpty();

		MvcResult sent = draftTestSend(session, 1).header("HX-Request", "true");
		assertThat(sent.getResponse().getStatus()).as(sent.getResponse().getContentAsString()).isEqualTo(200);
		assertThat(sent.getResponse().getContentAsString()).startsWith("<section id=\"draft-test\"")
			.doesNotContain("<html")
			.contains("Sent to your organisation&#39;s test address")
			.contains("[PRUEBA] Dana Serikova: huelga de hambre")
			.doesNotContain("press@");
		assertThat(this.dispatchCalls).singleElement().satisfies((call) -> {
			assertThat(call.path("to").asString()).isEqualTo("press@" + this.organisation + ".example.org");
			assertThat(call.at("/reader/languages/0").asString()).isEqualTo("es");
			assertThat(call.at("/reader/residenceCountry").asString()).isEqualTo("ES");
			assertThat(call.at("/reader/timeZone").asString()).isEqualTo("Europe/Madrid");
			assertThat(call.at("/alert/content/en/title").asString()).isEqualTo("Dana Serikova begins a hunger strike");
			assertThat(call.at("/alert/actions").size()).isEqualTo(4);
		});

		MvcResult page = draftTestSend(session, 0).withoutScript();
		assertThat(page.getResponse().getStatus()).isEqualTo(200);
		assertThat(page.getResponse().getContentAsString()).contains("Compose an alert")
			.contains("Sent to your organisation&#39;s test address")
			.contains("value=\"Dana Serikova begins a hunger strike\"")
			.contains("Plaza Mayor 1")
			.doesNotContain("press@");
		assertThat(this.dispatchCalls).hasSize(2);
		assertThat(this.dispatchCalls.getLast().at("/reader/languages/0").asString()).isEqualTo("en");

		assertThat(this.mongo.count(Query.query(Criteria.where("organisation").is(this.organisation)), "alerts"))
			.isZero();
		List<Document> audited = this.mongo.find(
				Query.query(Criteria.where("organisation").is(this.organisation).and("action").is("alert.test-sent")),
				Document.class, "console_audit");
		assertThat(audited).hasSize(2).allSatisfy((entry) -> {
			assertThat(entry.getString("alertId")).isEqualTo("draft");
			assertThat(entry.getString("actor")).isEqualTo(this.email);
			assertThat(entry.getString("detail")).contains("unsaved new alert").doesNotContain("press@");
		});
		assertThat(audited).extracting((entry) -> entry.getString("detail"))
			.anySatisfy((detail) -> assertThat(detail).contains("es/ES Europe/Madrid"));
		assertThat(page(session, "/console/activity")).contains("a draft").doesNotContain("/console/alerts/draft\"");
	}

	@Test
	void testsOfAnUnsavedUpdateShareTheOrganisationsLimitWithTheAlertPagesTests() throws Exception {
		MockHttpSession session = logIn(this.email);
		String id = compose(session, "Dana Serikova begins a hunger strike", "publish");
		setTestAddress("press@" + this.organisation + ".example.org");
		assertThat(testSend(session, id).getResponse().getStatus()).isEqualTo(200);
		Element form = Jsoup.parse(page(session, "/console/alerts/" + id + "/edit")).selectFirst("form#compose");
		assertThat(form).isNotNull();
		assertThat(form.select("button[name=testReader]")).extracting((button) -> button.attr("formaction"))
			.containsOnly("/console/alerts/" + id + "/draft-test-sends");
		for (int i = 0; i < 2; i++) {
			MvcResult sent = this.mvc
				.perform(asEdited(form, post("/console/alerts/" + id + "/draft-test-sends")).param("testReader", "0")
					.session(session)
					.with(csrf()))
				.andReturn();
			assertThat(sent.getResponse().getStatus()).as(sent.getResponse().getContentAsString()).isEqualTo(200);
			assertThat(sent.getResponse().getContentAsString()).contains("Update the alert")
				.contains("Sent to your organisation&#39;s test address");
		}

		MvcResult limited = this.mvc
			.perform(asEdited(form, post("/console/alerts/" + id + "/draft-test-sends")).param("testReader", "0")
				.session(session)
				.with(csrf()))
			.andReturn();
		assertThat(limited.getResponse().getStatus()).isEqualTo(429);
		assertThat(limited.getResponse().getHeader("Retry-After")).matches("[1-9][0-9]*");
		assertThat(limited.getResponse().getContentAsString()).contains("Too many test sends")
			.contains("3 tests per minute");
		assertThat(this.dispatchCalls).hasSize(3);
		assertThat(this.dispatchCalls).extracting((call) -> call.path("to").asString())
			.containsOnly("press@" + this.organisation + ".example.org");
		assertThat(alert(id).getList("events", Document.class)).hasSize(1);
		assertThat(this.mongo.find(
				Query.query(Criteria.where("organisation").is(this.organisation).and("action").is("alert.test-sent")),
				Document.class, "console_audit"))
			.extracting((entry) -> entry.getString("alertId"))
			.containsExactlyInAnyOrder(id, "draft", "draft");
	}

	@Test
	void anotherOrganisationCannotPreviewOrTestSendThisOrganisationsAlert() throws Exception {
		String id = compose(logIn(this.email), "Only for our organisation", "publish");
		String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
		String otherEmail = "someone@" + other + ".example.org";
		setPassword(invite(other, otherEmail));
		MockHttpSession session = logIn(otherEmail);

		assertThat(previewPage(session, id, "en", "KZ", "UTC", 404)).doesNotContain("Only for our organisation");
		assertThat(testSend(session, id).getResponse().getStatus()).isEqualTo(404);
		assertThat(this.dispatchCalls).isEmpty();
	}

	@Test
	void theAlertPageShowsEachVersionsDeliveryProgressCountingEachReaderOnceByTheirLatestOutcome() throws Exception {
		MockHttpSession session = logIn(this.email);
		String id = compose(session, "Dana Serikova begins a hunger strike", "publish");
		// Dispatch creates these topics; here there is no dispatch.
		this.kafkaAdmin.createOrModifyTopics(TopicBuilder.name(Topics.DELIVERY_OUTCOMES).partitions(1).build(),
				TopicBuilder.name(Topics.MAIL_EVENTS).partitions(1).build());
		assertThat(page(session, "/console/alerts/" + id + "/progress")).contains("No delivery reported yet")
			.contains("hx-trigger=\"every 5s\"");
		AlertVersion version = new AlertVersion(AlertId.parse(id), 1);
		SubscriberId first = SubscriberId.random();
		SubscriberId second = SubscriberId.random();
		SubscriberId third = SubscriberId.random();
		SubscriberId fourth = SubscriberId.random();
		DeliveryRecorded secondSent = delivery(version, second, DeliveryStatus.SENT);

		publish(new AudienceResolved(EventId.random(), ContractEvent.SCHEMA_VERSION, this.clock.instant(), version, 4,
				1));
		publish(delivery(version, first, DeliveryStatus.DEFERRED));
		publish(delivery(version, first, DeliveryStatus.SENT));
		publish(secondSent);
		publish(secondSent);
		publish(delivery(version, third, DeliveryStatus.FAILED));
		publish(delivery(version, third, DeliveryStatus.DEFERRED));
		publish(delivery(version, fourth, DeliveryStatus.DEFERRED));
		publish(feedback(version, second, MailEvent.Feedback.COMPLAINT));
		publish(feedback(version, third, MailEvent.Feedback.HARD_BOUNCE));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(page(session, "/console/alerts/" + id + "/progress"))
				.contains("class=\"audience\">4<")
				.contains("class=\"sent\">2<")
				.contains("class=\"deferred\">1<")
				.contains("class=\"failed\">1<")
				.contains("class=\"bounced\">1<")
				.contains("class=\"complained\">1<"));
		assertThat(page(session, "/console/alerts/" + id)).contains("id=\"progress-1\"");

		String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
		String otherEmail = "someone@" + other + ".example.org";
		setPassword(invite(other, otherEmail));
		assertThat(this.mvc.perform(get("/console/alerts/" + id + "/progress").session(logIn(otherEmail)))
			.andReturn()
			.getResponse()
			.getStatus()).isEqualTo(404);
	}

	private void publish(ContractEvent event) throws Exception {
		String topic = (event instanceof MailEvent) ? Topics.MAIL_EVENTS : Topics.DELIVERY_OUTCOMES;
		this.kafka.send(topic, event.eventId().toString(), event).get();
	}

	private DeliveryRecorded delivery(AlertVersion version, SubscriberId subscriber, DeliveryStatus status) {
		return new DeliveryRecorded(EventId.random(), ContractEvent.SCHEMA_VERSION, this.clock.instant(), version,
				subscriber, status, 1, null);
	}

	private MailEvent.FeedbackReceived feedback(AlertVersion version, SubscriberId subscriber,
			MailEvent.Feedback feedback) {
		return new MailEvent.FeedbackReceived(EventId.random(), ContractEvent.SCHEMA_VERSION, this.clock.instant(),
				subscriber, version, feedback, MailEvent.FeedbackSource.ARF, null);
	}

	@Test
	void anOperatorListsAnOrganisationsUsersWithTheirSecondFactorLastSignInAndState() throws Exception {
		String before = admin(get(users(this.organisation)), 200);
		assertThat(before).contains("\"email\":\"" + this.email + "\"")
			.contains("\"secondFactor\":false")
			.contains("\"disabled\":false")
			.contains("\"lastSignInAt\":null")
			.doesNotContain("passwordHash")
			.doesNotContain("totpSecret");
		logIn(this.email);
		assertThat(admin(get(users(this.organisation)), 200)).doesNotContain("\"lastSignInAt\":null");

		String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
		setPassword(invite(other, "someone@" + other + ".example.org"));
		assertThat(admin(get(users(other)), 200)).doesNotContain(this.email).contains("someone@" + other);
	}

	@Test
	void onlyOperatorKeysManageConsoleUsersNotAnOrganisationsOwnKey() throws Exception {
		String key = organiserKey(this.organisation);
		String id = userId(this.email);
		for (MockHttpServletRequestBuilder request : List.of(get(users(this.organisation)),
				delete(users(this.organisation) + "/" + id + "/second-factor"),
				post(users(this.organisation) + "/" + id + "/disable"))) {
			assertThat(this.mvc.perform(request.header("Authorization", "Bearer " + key))
				.andReturn()
				.getResponse()
				.getStatus()).isEqualTo(403);
			assertThat(this.mvc.perform(request.header("Authorization", "")).andReturn().getResponse().getStatus())
				.isIn(401, 403);
		}
		assertThat(user(id).getBoolean("disabled", false)).isFalse();
	}

	@Test
	void anUnknownUserOrAUserOfAnotherOrganisationIsAProblemAndNothingChanges() throws Exception {
		String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
		String otherEmail = "someone@" + other + ".example.org";
		setPassword(invite(other, otherEmail));
		String otherId = userId(otherEmail);
		for (String id : List.of(otherId, UUID.randomUUID().toString())) {
			MvcResult disable = this.mvc
				.perform(post(users(this.organisation) + "/" + id + "/disable").header("Authorization",
						"Bearer " + this.operatorKey))
				.andReturn();
			assertThat(disable.getResponse().getStatus()).isEqualTo(404);
			assertThat(disable.getResponse().getContentType()).startsWith("application/problem+json");
			assertThat(disable.getResponse().getContentAsString()).contains("Console user not found");
			assertThat(this.mvc
				.perform(delete(users(this.organisation) + "/" + id + "/second-factor").header("Authorization",
						"Bearer " + this.operatorKey))
				.andReturn()
				.getResponse()
				.getStatus()).isEqualTo(404);
		}
		assertThat(user(otherId).getBoolean("disabled", false)).isFalse();
		logIn(otherEmail);
	}

	@Test
	void aDisabledUsersSessionEndsAtItsNextRequestAndTheirLoginIsRefusedUntilEnabled() throws Exception {
		MockHttpSession session = logIn(this.email);
		String id = userId(this.email);
		admin(post(users(this.organisation) + "/" + id + "/disable"), 204);
		assertThat(
				this.mvc.perform(get("/console/alerts").session(session)).andReturn().getResponse().getRedirectedUrl())
			.isEqualTo("/console/login?ended");
		assertThat(session.isInvalid()).isTrue();
		MvcResult refused = this.mvc
			.perform(post("/console/login").param("username", this.email).param("password", PASSWORD).with(csrf()))
			.andReturn();
		assertThat(refused.getResponse().getRedirectedUrl()).isEqualTo("/console/login?error");
		assertThat(admin(get(users(this.organisation)), 200)).contains("\"disabled\":true");

		admin(post(users(this.organisation) + "/" + id + "/enable"), 204);
		assertThat(page(logIn(this.email), "/console/alerts")).contains("Your organisation's alerts");
		assertThat(this.mongo.find(Query.query(Criteria.where("organisation").is(this.organisation)), Document.class,
				"console_audit"))
			.extracting((entry) -> entry.getString("action") + " " + entry.getString("detail"))
			.contains("user.disabled " + this.email, "user.enabled " + this.email, "login.refused disabled user");
	}

	@Test
	void afterAnOperatorResetsTheSecondFactorTheUserMustSetUpANewOneBeforeAnythingElse() throws Exception {
		MockHttpSession session = logIn(this.email);
		String oldSecret = enrol(session);
		String id = userId(this.email);
		admin(delete(users(this.organisation) + "/" + id + "/second-factor"), 204);
		assertThat(admin(get(users(this.organisation)), 200)).contains("\"secondFactor\":false")
			.contains("\"enrolmentRequired\":true");

		MockHttpSession next = new MockHttpSession();
		MvcResult password = this.signIns.password(this.email, next);
		assertThat(password.getResponse().getRedirectedUrl()).isEqualTo("/console/account");
		assertThat(this.mvc.perform(get("/console/alerts").session(next)).andReturn().getResponse().getStatus())
			.isEqualTo(403);
		assertThat(this.mvc.perform(get("/console/login/code").session(next)).andReturn().getResponse().getStatus())
			.isEqualTo(403);
		assertThat(page(next, "/console/account")).contains("id=\"enrolment-required\"");
		String setUp = this.mvc.perform(post("/console/account/second-factor/start").session(next).with(csrf()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		String secret = secret(setUp);
		assertThat(secret).isNotEqualTo(oldSecret);
		MvcResult confirmed = this.mvc.perform(
				post("/console/account/second-factor/confirm").param("code", code(secret)).session(next).with(csrf()))
			.andReturn();
		assertThat(confirmed.getResponse().getRedirectedUrl()).isEqualTo("/console/alerts");
		assertThat(page(next, "/console/alerts")).contains("Your organisation's alerts");
		assertThat(admin(get(users(this.organisation)), 200)).contains("\"secondFactor\":true")
			.contains("\"enrolmentRequired\":false");
		assertThat(this.mongo.find(Query.query(Criteria.where("organisation").is(this.organisation)), Document.class,
				"console_audit"))
			.extracting((entry) -> entry.getString("action"))
			.contains("user.second-factor-reset");
	}

	@Test
	void theSecondFactorsSetUpShowsTheAddressAsAQrCodeThatDecodesBackToIt() throws Exception {
		String setUp = this.mvc
			.perform(post("/console/account/second-factor/start").session(logIn(this.email)).with(csrf()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		Matcher svg = Pattern.compile("<svg[^>]*class=\"qr\".*?</svg>", Pattern.DOTALL).matcher(setUp);
		assertThat(svg.find()).isTrue();
		Matcher uri = Pattern.compile("<a id=\"otpauth\" href=\"([^\"]+)\"").matcher(setUp);
		assertThat(uri.find()).isTrue();
		String address = org.springframework.web.util.HtmlUtils.htmlUnescape(uri.group(1));
		assertThat(address).startsWith("otpauth://totp/").contains("secret=" + secret(setUp));
		assertThat(QrCodeSvgTests.decode(svg.group())).isEqualTo(address);
	}

	private String enrol(MockHttpSession session) throws Exception {
		String setUp = this.mvc.perform(post("/console/account/second-factor/start").session(session).with(csrf()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		String secret = secret(setUp);
		assertThat(this.mvc
			.perform(post("/console/account/second-factor/confirm").param("code", code(secret))
				.session(session)
				.with(csrf()))
			.andReturn()
			.getResponse()
			.getRedirectedUrl()).isEqualTo("/console/account?enabled");
		return secret;
	}

	private static String secret(String page) {
		Matcher secretText = Pattern.compile("<code id=\"secret\">([A-Z2-7]+)</code>").matcher(page);
		assertThat(secretText.find()).isTrue();
		return secretText.group(1);
	}

	private static String users(String organisation) {
		return "/api/v1/admin/organisations/" + organisation + "/console-users";
	}

	private String admin(MockHttpServletRequestBuilder request, int status) throws Exception {
		MvcResult result = this.mvc.perform(request.header("Authorization", "Bearer " + this.operatorKey)).andReturn();
		assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(status);
		return result.getResponse().getContentAsString();
	}

	private String organiserKey(String organisation) throws Exception {
		String issued = admin(post("/api/v1/admin/api-keys").contentType(MediaType.APPLICATION_JSON)
			.content("{\"organisation\": \"" + organisation + "\", \"role\": \"ORGANISER\", \"label\": \"site\"}"),
				201);
		Matcher key = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"").matcher(issued);
		assertThat(key.find()).isTrue();
		return key.group(1);
	}

	private String userId(String email) {
		Document user = this.mongo.findOne(Query.query(Criteria.where("email").is(email)), Document.class,
				"console_users");
		assertThat(user).isNotNull();
		return user.getString("_id");
	}

	private Document user(String id) {
		return this.mongo.findById(id, Document.class, "console_users");
	}

	@Test
	void repeatedWrongPasswordsAreThrottled() throws Exception {
		for (int i = 0; i < 5; i++) {
			assertThat(login(this.email, "wrong password " + i, "192.0.2.7", null).getResponse().getRedirectedUrl())
				.isEqualTo("/console/login?error");
		}
		assertThat(login(this.email, PASSWORD, "192.0.2.8", null).getResponse().getRedirectedUrl())
			.isEqualTo("/console/login?throttled");
	}

	@Test
	void guessesAtAnOrganisersNameDoNotLockOutTheBrowserTheySignedInFromBefore() throws Exception {
		MvcResult first = login(this.email, PASSWORD, "192.0.2.30", null);
		assertThat(first.getResponse().getRedirectedUrl()).isEqualTo("/console/alerts");
		Cookie device = first.getResponse().getCookie(ConsoleDevices.COOKIE);
		assertThat(device).isNotNull();
		assertThat(device.isHttpOnly()).isTrue();
		assertThat(device.getSecure()).isTrue();
		assertThat(device.getPath()).isEqualTo("/console/login");
		assertThat(device.getAttribute("SameSite")).isEqualTo("Strict");
		assertThat(this.mongo.findAll(Document.class, ConsoleDevices.COLLECTION))
			.noneSatisfy((stored) -> assertThat(stored.toJson()).contains(device.getValue()))
			.allSatisfy((stored) -> assertThat(stored.toJson()).doesNotContain(this.email));

		for (int i = 0; i < 5; i++) {
			assertThat(login(this.email, "guess " + i, "192.0.2.31", null).getResponse().getRedirectedUrl())
				.isEqualTo("/console/login?error");
		}
		assertThat(login(this.email, PASSWORD, "192.0.2.32", null).getResponse().getRedirectedUrl())
			.as("the right password from a browser never used for this name")
			.isEqualTo("/console/login?throttled");
		MvcResult known = login(this.email, PASSWORD, "192.0.2.33", device);
		assertThat(known.getResponse().getRedirectedUrl()).as("the browser signed in from before")
			.isEqualTo("/console/alerts");
		assertThat(known.getResponse().getCookie(ConsoleDevices.COOKIE)).as("no second cookie for a known browser")
			.isNull();

		String other = "other." + this.organisation + "@example.org";
		for (int i = 0; i < 5; i++) {
			login(other, "guess " + i, "192.0.2.34", null);
		}
		assertThat(login(other, "guess 5", "192.0.2.35", device).getResponse().getRedirectedUrl())
			.as("a device cookie for another name")
			.isEqualTo("/console/login?throttled");

		for (int i = 0; i < 5; i++) {
			assertThat(login(this.email, "typo " + i, "192.0.2.36", device).getResponse().getRedirectedUrl())
				.isEqualTo("/console/login?error");
		}
		assertThat(login(this.email, PASSWORD, "192.0.2.37", device).getResponse().getRedirectedUrl())
			.as("the known browser's own wrong passwords count against it")
			.isEqualTo("/console/login?throttled");
	}

	private MvcResult login(String name, String password, String address, @Nullable Cookie device) throws Exception {
		MockHttpServletRequestBuilder form = post("/console/login").param("username", name)
			.param("password", password)
			.with(csrf())
			.with((request) -> {
				request.setRemoteAddr(address);
				return request;
			});
		return this.mvc.perform((device != null) ? form.cookie(device) : form).andReturn();
	}

	@Test
	void onlyOperatorsMayInvite() throws Exception {
		MvcResult anonymous = this.mvc
			.perform(post("/api/v1/admin/console-invitations").contentType(MediaType.APPLICATION_JSON)
				.content("{\"organisation\": \"x\", \"email\": \"a@example.org\"}"))
			.andReturn();
		assertThat(anonymous.getResponse().getStatus()).isEqualTo(401);
		assertThat(this.mvc.perform(get("/console/alerts")).andReturn().getResponse().getRedirectedUrl())
			.endsWith("/console/login");
	}

	private String previewPage(MockHttpSession session, String id, String language, String country, String zone,
			int status) throws Exception {
		MvcResult result = this.mvc
			.perform(post("/console/alerts/" + id + "/preview").param("language", language)
				.param("residenceCountry", country)
				.param("timeZone", zone)
				.session(session)
				.with(csrf()))
			.andReturn();
		assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(status);
		return result.getResponse().getContentAsString();
	}

	private MvcResult testSend(MockHttpSession session, String id) throws Exception {
		return this.mvc
			.perform(post("/console/alerts/" + id + "/test-sends").param("language", "en")
				.param("residenceCountry", "KZ")
				.param("timeZone", "UTC")
				.session(session)
				.with(csrf()))
			.andReturn();
	}

	/** A draft test send of the form {@link #alertFields} fills, with two readers. */
	private DraftTestSend draftTestSend(MockHttpSession session, int reader) {
		return new DraftTestSend(threeActions(
				alertFields(draftReaders(post("/console/alerts/draft-test-sends")),
						"Dana Serikova begins a hunger strike"),
				this.clock.instant()
					.plus(5, ChronoUnit.DAYS)
					.atOffset(ZoneOffset.UTC)
					.toLocalDateTime()
					.truncatedTo(ChronoUnit.HOURS)
					.toString())
			.param("testReader", Integer.toString(reader))
			.param("to", "someone-else@example.org")
			.session(session)
			.with(csrf()));
	}

	private static MockHttpServletRequestBuilder draftReaders(MockHttpServletRequestBuilder request) {
		return request.param("readers[0].language", "en")
			.param("readers[0].residenceCountry", "GB")
			.param("readers[0].timeZone", "Europe/London")
			.param("readers[1].language", "es")
			.param("readers[1].residenceCountry", "es")
			.param("readers[1].timeZone", "Europe/Madrid");
	}

	private void setTestAddress(String address) throws Exception {
		assertThat(this.mvc
			.perform(put("/api/v1/admin/organisations/" + this.organisation + "/test-address")
				.header("Authorization", "Bearer " + this.operatorKey)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"address\": \"" + address + "\", \"verified\": true}"))
			.andReturn()
			.getResponse()
			.getStatus()).isEqualTo(200);
	}

	/** A draft test send to perform with htmx or without script. */
	private final class DraftTestSend {

		private final MockHttpServletRequestBuilder request;

		DraftTestSend(MockHttpServletRequestBuilder request) {
			this.request = request;
		}

		MvcResult header(String name, String value) throws Exception {
			return ConsoleIntegrationTests.this.mvc.perform(this.request.header(name, value)).andReturn();
		}

		MvcResult withoutScript() throws Exception {
			return ConsoleIntegrationTests.this.mvc.perform(this.request).andReturn();
		}

	}

	private String compose(MockHttpSession session, String title, String intent) throws Exception {
		return alertId(this.mvc
			.perform(alertFields(post("/console/alerts"), title).param("intent", intent).session(session).with(csrf()))
			.andReturn());
	}

	private static String alertId(MvcResult result) throws Exception {
		assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(302);
		Matcher matcher = ALERT_LOCATION.matcher(result.getResponse().getRedirectedUrl());
		assertThat(matcher.find()).isTrue();
		return matcher.group(1);
	}

	private MockHttpServletRequestBuilder threeActions(MockHttpServletRequestBuilder request, String start) {
		return request.param("actions[0].kind", "phone")
			.param("actions[0].target.name", "Aliya Nurova")
			.param("actions[0].target.title[en]", "Prosecutor General")
			.param("actions[0].target.phones", "+7 7172 71 28 50\n+7 7172 71 28 51")
			.param("actions[0].copiesTo", "campaign@example.org")
			.param("actions[1].kind", "embassy-protest")
			.param("actions[1].text[en]", "Ask for her release")
			.param("actions[1].text[es]", "Pide su liberación")
			.param("actions[1].residenceCountries", "ES")
			.param("actions[2].kind", "attend")
			.param("actions[2].venue[en]", "Plaza Mayor")
			.param("actions[2].address", "Plaza Mayor 1\n28012 Madrid")
			.param("actions[2].timeZone", "Europe/Madrid")
			.param("actions[2].start", start)
			.param("actions[2].end", LocalDateTime.parse(start).plusHours(2).toString());
	}

	/** The request a browser would post from a form as the page shows it. */
	private static MockHttpServletRequestBuilder asEdited(Element form, MockHttpServletRequestBuilder request) {
		for (Element field : form.select("input[name], textarea[name], select[name]")) {
			if (!field.hasAttr("disabled")) {
				request.param(field.attr("name"), field.tagName().equals("textarea") ? field.wholeText()
						: field.tagName().equals("select") ? field.select("option[selected]").val() : field.val());
			}
		}
		return request;
	}

	private Organiser organiser() {
		return new Organiser(this.organisation, "console-test", Role.ORGANISER);
	}

	private MockHttpServletRequestBuilder alertFields(MockHttpServletRequestBuilder request, String title) {
		return wordsAndTiming(request, title).param("targetTitle", "Chair of the Supreme Court")
			.param("targetEmail", "court@example.org");
	}

	private MockHttpServletRequestBuilder wordsAndTiming(MockHttpServletRequestBuilder request, String title) {
		String deadline = this.clock.instant()
			.plus(10, ChronoUnit.DAYS)
			.atOffset(ZoneOffset.UTC)
			.toLocalDateTime()
			.truncatedTo(ChronoUnit.MINUTES)
			.toString();
		return request.param("alertId", UUID.randomUUID().toString())
			.param("kind", "urgent-action")
			.param("campaignId", "free-dana")
			.param("campaignName", "Free Dana Serikova")
			.param("subjectCountry", "KZ")
			.param("defaultLanguage", "en")
			.param("languages[0].tag", "en")
			.param("languages[0].title", title)
			.param("languages[0].summary", "Write to the Supreme Court before the review.")
			.param("languages[0].body", "<p>She has been held <strong>without trial</strong>.</p>")
			.param("languages[1].tag", "es")
			.param("languages[1].title", "Dana Serikova: huelga de hambre")
			.param("languages[1].summary", "Escribe al Tribunal Supremo.")
			.param("timeZone", "Asia/Almaty")
			.param("deadline", deadline);
	}

	private Document alert(String id) {
		Document alert = this.mongo.findById(id, Document.class, "alerts");
		assertThat(alert).isNotNull();
		return alert;
	}

	private boolean published(String id, int event) {
		List<Document> events = alert(id).getList("events", Document.class);
		return events.size() > event && events.get(event).get("publishedAt") != null;
	}

	static String code(String secret) throws Exception {
		return new DefaultCodeGenerator().generate(secret, Math.floorDiv(Instant.now().getEpochSecond(), 30));
	}

	private static String wrongCode(String secret) throws Exception {
		String right = code(secret);
		return String.format("%06d", (Integer.parseInt(right) + 500_000) % 1_000_000);
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
