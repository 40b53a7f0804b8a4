package org.solidarityalerts.local;

import java.io.InputStreamReader;
import java.io.Reader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dispatch.embassy.EmbassyDirectory;
import org.solidarityalerts.dispatch.subscriber.Cadence;
import org.solidarityalerts.dispatch.subscriber.Preferences;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.Organisations;
import org.solidarityalerts.ingest.organiser.Role;
import org.solidarityalerts.testsupport.Browsers;
import org.solidarityalerts.testsupport.Mailbox;
import org.solidarityalerts.testsupport.Mails;
import org.solidarityalerts.testsupport.TestInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The organisers' console end to end in a real headless browser, with ingest and dispatch
 * as they run (real Kafka, MongoDB, SMTP server, dispatch's own renderer for previews and
 * test sends): an operator invites an organiser and sets the organisation's verified test
 * address through the admin API; the organiser sets a password, logs in, composes an
 * alert in English and Spanish with an embassy protest and, before anything is stored,
 * previews the draft for a Spanish reader in Spain and an English reader in the United
 * Kingdom (each with the sample directory's embassy in their country) and sends a test of
 * it that reaches only the test address; then publishes it, sees the subscribers receive
 * it, watches the delivery progress reach their count, and cancels it. The compose form
 * is filled through its labels and buttons only.
 */
@SpringBootTest(classes = ConsoleEndToEndBrowserTests.Servers.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleEndToEndBrowserTests {

	private static final String PASSWORD = "correct horse battery staple";

	private static final LocatorAssertions.HasTextOptions PATIENTLY = new LocatorAssertions.HasTextOptions()
		.setTimeout(60_000);

	@Autowired
	KafkaConnectionDetails kafka;

	@Autowired
	MongoConnectionDetails mongo;

	@Autowired
	Environment environment;

	@Autowired
	Mailbox mailbox;

	ServiceStack stack;

	Playwright playwright;

	Browser browser;

	@BeforeAll
	void start() throws Exception {
		int dispatchPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			dispatchPort = socket.getLocalPort();
		}
		this.stack = ServiceStack.start(TestServers.properties(this.kafka, this.mongo, this.environment),
				Map.of("server.port", 0, "alert.ingest.preview.dispatch-url", "http://localhost:" + dispatchPort),
				Map.of("server.port", dispatchPort));
		try (Reader sample = new InputStreamReader(new ClassPathResource("embassies/sample.csv").getInputStream(),
				StandardCharsets.UTF_8)) {
			this.stack.dispatch().getBean(EmbassyDirectory.class).importCsv(sample);
		}
		this.playwright = Browsers.playwright();
		this.browser = Browsers.chromium(this.playwright);
	}

	@AfterAll
	void stop() {
		if (this.browser != null) {
			this.browser.close();
		}
		if (this.playwright != null) {
			this.playwright.close();
		}
		if (this.stack != null) {
			this.stack.close();
		}
	}

	/**
	 * The local stack prints a link to the console for the demo organisation's organiser,
	 * which their operator's demo key asked for: a newcomer sets a password there and is
	 * in.
	 */
	@Test
	void theLocalStacksDemoOrganiserSetsAPasswordThroughThePrintedLinkAndLogsIn() throws Exception {
		DemoData.registerKeys(this.stack);
		int port = this.stack.ingestPort();
		String link = DemoData.consoleInvitation(port);
		assertThat(link).startsWith("http://localhost:" + port + "/console/invitations/");

		try (BrowserContext context = this.browser.newContext()) {
			Page page = context.newPage();
			page.navigate(link);
			PlaywrightAssertions.assertThat(page.locator("main")).containsText(DemoData.ORGANISATION);
			page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(PASSWORD);
			page.getByLabel("The same password again").fill(PASSWORD);
			page.locator("button[type=submit]").click();
			page.getByLabel("E-mail address").fill(DemoData.CONSOLE_ORGANISER);
			page.getByLabel("Password").fill(PASSWORD);
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
			PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Your organisation's alerts");
		}
		// At the next start the stack invites them again: a new link, which sets the
		// password again.
		assertThat(DemoData.consoleInvitation(port)).isNotEqualTo(link);
		// Their test sends go to the organisation's verified test address.
		assertThat(this.stack.ingest().getBean(Organisations.class).testAddress(DemoData.ORGANISATION))
			.contains(DemoData.TEST_ADDRESS);
	}

	@Test
	void anInvitedOrganiserPublishesAnAlertInTwoLanguagesPreviewsItTestsItWatchesItGoOutAndCancelsIt()
			throws Exception {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String organisation = "justice-" + suffix;
		String campaign = "free-dana-" + suffix;
		String organiser = "ayla@" + organisation + ".example.org";
		String testAddress = "office@" + organisation + ".example.org";
		Subscriber english = subscriber("alice-" + suffix + "@example.org", "Alice Martin", "GB", "en", "Europe/London",
				campaign);
		Subscriber spanish = subscriber("lucia-" + suffix + "@example.org", "Lucía Romero", "ES", "es", "Europe/Madrid",
				campaign);
		String operatorKey = this.stack.ingest()
			.getBean(ApiKeys.class)
			.issue("operators", Role.OPERATOR, "console end-to-end test")
			.key();
		HttpResponse<String> invitation = admin(operatorKey, "POST", "/api/v1/admin/console-invitations",
				"{\"organisation\": \"" + organisation + "\", \"email\": \"" + organiser + "\"}");
		assertThat(invitation.statusCode()).as(invitation.body()).isEqualTo(201);
		String link = WireFormat.jsonMapper().readTree(invitation.body()).path("link").asString();
		HttpResponse<String> address = admin(operatorKey, "PUT",
				"/api/v1/admin/organisations/" + organisation + "/test-address",
				"{\"address\": \"" + testAddress + "\", \"verified\": true}");
		assertThat(address.statusCode()).as(address.body()).isEqualTo(200);

		try (BrowserContext context = this.browser
			.newContext(new Browser.NewContextOptions().setViewportSize(1200, 1500))) {
			Page page = context.newPage();
			page.navigate(link);
			page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(PASSWORD);
			page.getByLabel("The same password again").fill(PASSWORD);
			page.locator("button[type=submit]").click();
			page.getByLabel("E-mail address").fill(organiser);
			page.getByLabel("Password").fill(PASSWORD);
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
			PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Your organisation's alerts");

			page.getByText("Compose an alert").first().click();
			page.getByLabel("Campaign id").fill(campaign);
			page.getByLabel("Campaign name").fill("Free Dana Serikova");
			page.getByLabel("Country concerned").fill("KZ");
			page.getByLabel("Title", new Page.GetByLabelOptions().setExact(true))
				.first()
				.fill("Dana Serikova begins a hunger strike");
			page.getByLabel("Summary").first().fill("Write to the Supreme Court before it reviews her case.");
			page.getByLabel("Body").first().fill("<p>She has been held <strong>without trial</strong> for a year.</p>");
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add a language")).click();
			// Wait for the new language's fields (a letter's "Letters best written in
			// (language
			// codes)" would otherwise be the second "Language code").
			Locator languageCodes = page.getByLabel("Language code", new Page.GetByLabelOptions().setExact(true));
			PlaywrightAssertions.assertThat(languageCodes).hasCount(2);
			languageCodes.nth(1).fill("es");
			page.getByLabel("Title", new Page.GetByLabelOptions().setExact(true))
				.nth(1)
				.fill("Dana Serikova inicia una huelga de hambre");
			page.getByLabel("Summary").nth(1).fill("Escribe al Tribunal Supremo antes de que revise su caso.");
			page.getByLabel("Body").nth(1).fill("<p>Lleva un año detenida <strong>sin juicio</strong>.</p>");
			page.getByLabel("Time zone of these times").fill("UTC");
			// An embassy protest, added through the form: its texts have a field per
			// language.
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Protest to the embassy")).click();
			page.getByLabel("What to ask of the embassy (optional)", new Page.GetByLabelOptions().setExact(true))
				.fill("Ask the embassy to pass on your concern for her health.");
			page.getByLabel("What to ask of the embassy (optional) (es)")
				.fill("Pide a la embajada que transmita tu preocupación por su salud.");

			// Before anything is stored: the draft as a Spanish reader in Spain and an
			// English reader in the United Kingdom receive it, each with the sample
			// directory's Kazakh embassy in their country.
			page.getByLabel("Reader 1: language").fill("es");
			page.getByLabel("Reader 1: living in (two letters)").fill("ES");
			page.getByLabel("Reader 1: their time zone").fill("Europe/Madrid");
			page.getByLabel("Reader 2: language").fill("en");
			page.getByLabel("Reader 2: living in (two letters)").fill("GB");
			page.getByLabel("Reader 2: their time zone").fill("Europe/London");
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Preview").setExact(true)).click();
			PlaywrightAssertions.assertThat(page.locator("#draft-preview-subject-0"))
				.hasText("Dana Serikova inicia una huelga de hambre", PATIENTLY);
			PlaywrightAssertions.assertThat(page.locator("#draft-preview-subject-1"))
				.hasText("Dana Serikova begins a hunger strike", PATIENTLY);
			Locator spanishPreview = page.locator("#draft-preview-text-0");
			PlaywrightAssertions.assertThat(spanishPreview).containsText("sin juicio");
			PlaywrightAssertions.assertThat(spanishPreview)
				.containsText("Embajada de la República de Kazajistán (datos de ejemplo)");
			PlaywrightAssertions.assertThat(spanishPreview).containsText("28001 Madrid");
			PlaywrightAssertions.assertThat(spanishPreview).containsText("transmita tu preocupación");
			assertThat(spanishPreview.textContent()).doesNotContain("London W1 0AA");
			Locator englishPreview = page.locator("#draft-preview-text-1");
			PlaywrightAssertions.assertThat(englishPreview).containsText("without trial");
			PlaywrightAssertions.assertThat(englishPreview)
				.containsText("Embassy of the Republic of Kazakhstan (sample data)");
			PlaywrightAssertions.assertThat(englishPreview).containsText("London W1 0AA");
			assertThat(englishPreview.textContent()).doesNotContain("sin juicio").doesNotContain("28001 Madrid");

			// A test of the draft, as the English reader would receive it, reaches only
			// the
			// test address; nothing is published.
			page.getByRole(AriaRole.BUTTON,
					new Page.GetByRoleOptions().setName("Send a test to our test address (as reader 2)"))
				.click();
			PlaywrightAssertions.assertThat(page.locator("#draft-test"))
				.containsText("Sent to your organisation's test address",
						new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(
						() -> assertThat(this.mailbox.receivedBy(testAddress)).singleElement().satisfies((mail) -> {
							assertThat(Mails.subject(mail)).contains("Dana Serikova begins a hunger strike");
							assertThat(text(mail)).contains("London W1 0AA");
						}));
			assertThat(page.content()).doesNotContain(testAddress);
			assertThat(this.mailbox.receivedBy(english.email())).isEmpty();
			assertThat(this.mailbox.receivedBy(spanish.email())).isEmpty();
			assertThat(this.mailbox.receivedBy(organiser)).isEmpty();

			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Publish now")).click();
			PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Dana Serikova begins a hunger strike");

			// Dispatch fans it out to the campaign's two readers, each in their language,
			// with the embassy in their country.
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				assertThat(this.mailbox.receivedBy(english.email())).singleElement().satisfies((mail) -> {
					assertThat(Mails.subject(mail)).isEqualTo("Dana Serikova begins a hunger strike");
					assertThat(text(mail)).contains("London W1 0AA");
				});
				assertThat(this.mailbox.receivedBy(spanish.email())).singleElement().satisfies((mail) -> {
					assertThat(Mails.subject(mail)).isEqualTo("Dana Serikova inicia una huelga de hambre");
					assertThat(text(mail)).contains("28001 Madrid");
				});
			});
			// The progress section, polled by htmx, shows what dispatch reported.
			PlaywrightAssertions.assertThat(page.locator("#progress-1 .audience")).hasText("2", PATIENTLY);
			PlaywrightAssertions.assertThat(page.locator("#progress-1 .sent")).hasText("2", PATIENTLY);

			// The stored alert's preview, on its page, is dispatch's too.
			preview(page, "es", "ES", "Europe/Madrid");
			PlaywrightAssertions.assertThat(page.locator("#preview-subject"))
				.hasText("Dana Serikova inicia una huelga de hambre");
			PlaywrightAssertions.assertThat(page.locator("#preview-text")).containsText("28001 Madrid");
			assertThat(this.mailbox.receivedBy(testAddress)).hasSize(1);

			page.getByLabel("Why").fill("She was released this morning.");
			// Pressed from the keyboard, not clicked at a point: the sections above poll
			// every 5 s and are swapped in place, which can move the button between
			// Playwright's check of what is under the pointer and its click (once, under
			// the full build, the page stayed as it was after the click and no
			// cancellation was stored). Waiting for the form's request says so if it
			// never leaves.
			Locator cancel = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel the alert"));
			page.waitForRequest((request) -> request.method().equals("POST") && request.url().endsWith("/cancel"),
					() -> cancel.press("Enter"));
			PlaywrightAssertions.assertThat(page.locator("#state")).hasText("cancelled");
			PlaywrightAssertions.assertThat(page.locator("#history")).containsText("alert.cancelled");
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(this.mailbox.receivedBy(english.email())).hasSize(2)
					.extracting(ConsoleEndToEndBrowserTests::text)
					.anySatisfy((text) -> assertThat(text).contains("She was released this morning.")));
		}
	}

	private static void preview(Page page, String language, String country, String zone) {
		page.getByLabel("Reader's language").selectOption(language);
		page.getByLabel("Country they live in").fill(country);
		page.getByLabel("Their time zone").fill(zone);
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show the preview")).click();
	}

	private static String text(MimeMessage mail) {
		return Mails.text(mail);
	}

	private Subscriber subscriber(String email, String name, String country, String language, String zone,
			String campaign) {
		Instant now = Instant.now();
		return this.stack.dispatch()
			.getBean(MongoTemplate.class)
			.insert(new Subscriber(UUID.randomUUID().toString(), email, email, name, country, List.of(language), zone,
					SubscriberStatus.CONFIRMED,
					new Preferences(List.of(campaign), List.of(), List.of(AlertKind.values()), Cadence.IMMEDIATE), now,
					now));
	}

	private HttpResponse<String> admin(String key, String method, String path, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.stack.ingestPort() + path))
			.header("Authorization", "Bearer " + key)
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(body))
			.build();
		try (HttpClient client = HttpClient.newHttpClient()) {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ KafkaAutoConfiguration.class, MongoAutoConfiguration.class })
	@Import(TestInfrastructure.class)
	static class Servers {

	}

}
