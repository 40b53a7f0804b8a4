package org.solidarityalerts.ingest.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.AudienceResolved;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryRecorded;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.ingest.Api;
import org.solidarityalerts.ingest.Api.Reply;
import org.solidarityalerts.ingest.IngestIntegrationTest;
import org.solidarityalerts.testsupport.Accessibility;
import org.solidarityalerts.testsupport.Browsers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real headless browser (Chromium from {@link Browsers}, with script on,
 * so htmx adds the second language): an operator's invitation link, the password, the
 * login, composing an alert in two languages and publishing it; a second factor set up
 * from the page's QR code and secret, the login with a wrong then a right code, the
 * delivery progress as dispatch reports it, cancelling; and another organisation that
 * sees none of it. Run with {@code -Dscreenshots=docs/images} to write the
 * documentation's screenshots of the compose and account pages.
 */
@IngestIntegrationTest
class ConsoleBrowserTests {

	static Playwright playwright;

	static Browser browser;

	private static final StubDispatch dispatch = new StubDispatch();

	private static final String PASSWORD = "correct horse battery staple";

	/**
	 * How many drafts the console's script keeps in the tab's storage (htmx keeps its own
	 * there).
	 */
	private static final String KEPT_DRAFTS = "Object.keys(sessionStorage).filter((key) => "
			+ "key.startsWith('solidarity-alerts.draft:')).length";

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, ContractEvent> kafka;

	@Autowired
	KafkaAdmin kafkaAdmin;

	@Autowired
	MongoTemplate mongo;

	@BeforeAll
	static void startBrowser() {
		playwright = Browsers.playwright();
		browser = Browsers.chromium(playwright);
	}

	@DynamicPropertySource
	static void dispatchStub(DynamicPropertyRegistry registry) {
		dispatch.register(registry);
	}

	@AfterAll
	static void stopBrowser() {
		dispatch.stop();
		if (browser != null) {
			browser.close();
		}
		if (playwright != null) {
			playwright.close();
		}
	}

	@Test
	void anInvitedOrganiserSetsAPasswordLogsInComposesAndPublishesAnAlert() throws Exception {
		String organisation = "justice-" + UUID.randomUUID().toString().substring(0, 8);
		String email = "ayla@" + organisation + ".example.org";
		Reply invitation = new Api(this.port).post("/api/v1/admin/console-invitations",
				IngestIntegrationTest.OPERATOR_KEY,
				"{\"organisation\": \"" + organisation + "\", \"email\": \"" + email + "\"}");
		assertThat(invitation.status()).isEqualTo(201);
		Matcher link = Pattern.compile("\"link\"\\s*:\\s*\"([^\"]+)\"").matcher(invitation.body());
		assertThat(link.find()).isTrue();

		try (var context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1200, 1500))) {
			Page page = context.newPage();
			List<String> consoleErrors = new ArrayList<>();
			page.onConsoleMessage((message) -> {
				if (message.type().equals("error")) {
					consoleErrors.add(message.text());
				}
			});

			page.onResponse((response) -> {
				if (response.status() >= 400) {
					consoleErrors.add(response.status() + " " + response.url());
				}
			});

			page.navigate(link.group(1));
			PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Welcome");
			Accessibility.assertAccessible(page);
			page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true))
				.fill("correct horse battery staple");
			page.getByLabel("The same password again").fill("correct horse battery staple");
			page.locator("button[type=submit]").click();

			PlaywrightAssertions.assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.STATUS))
				.containsText("Your password is set");
			Accessibility.assertAccessible(page);
			page.getByLabel("E-mail address").fill(email);
			page.getByLabel("Password").fill("correct horse battery staple");
			page.locator("button[type=submit]").click();
			PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Your organisation's alerts");
			Accessibility.assertAccessible(page);

			page.getByText("Compose an alert").first().click();
			PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Compose an alert");
			page.getByLabel("Campaign id").fill("free-dana-serikova");
			page.getByLabel("Campaign name").fill("Free Dana Serikova");
			page.getByLabel("Country concerned").fill("KZ");
			page.locator("#title-0").fill("Dana Serikova begins a hunger strike");
			page.locator("#summary-0").fill("Write to the Supreme Court before it reviews her case on 25 November.");
			page.locator("#body-0")
				.fill("<p>Dana Serikova, a lawyer, has been held <strong>without trial</strong> for a year.</p>");
			page.locator("#add-language").click();
			page.locator("#lang-1").fill("es");
			// htmx appended the fields in place; without script the form would have been
			// posted and shown again.
			assertThat(page.url()).endsWith("/console/alerts/new");
			page.locator("#title-1").fill("Dana Serikova inicia una huelga de hambre");
			page.locator("#summary-1").fill("Escribe al Tribunal Supremo antes de que revise su caso.");
			page.getByLabel("Petition address").fill("https://petitions.example.org/free-dana");
			page.getByLabel("Title", new Page.GetByLabelOptions().setExact(true))
				.last()
				.fill("Chair of the Supreme Court");
			page.getByLabel("E-mail address").fill("court@example.org");
			page.getByLabel("Time zone of these times").fill("Asia/Almaty");
			page.getByLabel("Deadline")
				.fill(java.time.LocalDateTime.now(java.time.ZoneOffset.UTC)
					.plusDays(30)
					.truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
					.toString());

			screenshot(page, "console-compose.png");
			Accessibility.assertAccessible(page);

			publish(page);
			PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Dana Serikova begins a hunger strike");
			PlaywrightAssertions.assertThat(page.locator("#version")).hasText("1");
			page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target/console-alert.png")));
			String id = page.url().substring(page.url().lastIndexOf('/') + 1);
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				Document alert = this.mongo.findById(id, Document.class, "alerts");
				return alert != null && alert.getList("events", Document.class).getFirst().get("publishedAt") != null;
			});
			Document alert = this.mongo.findById(id, Document.class, "alerts");
			assertThat(alert.getString("organisation")).isEqualTo(organisation);
			page.reload();
			PlaywrightAssertions.assertThat(page.locator("#publishing")).hasText("published");

			page.getByLabel("Reader's language").selectOption("es");
			page.getByLabel("Country they live in").fill("DE");
			page.getByLabel("Their time zone").fill("Europe/Berlin");
			page.locator("#show-preview").click();
			PlaywrightAssertions.assertThat(page.locator("#preview-subject"))
				.hasText("Dana Serikova inicia una huelga de hambre");
			PlaywrightAssertions.assertThat(page.frameLocator("#preview-html").locator("p")).hasText("Embajada en DE");
			PlaywrightAssertions.assertThat(page.locator("#preview-text"))
				.hasText("Para lectores en DE (Europe/Berlin)");
			// htmx replaced the section in place.
			assertThat(page.url()).endsWith("/console/alerts/" + id);
			page.getByLabel("Reader's language").selectOption("en");
			page.getByLabel("Country they live in").fill("KZ");
			page.getByLabel("Their time zone").fill("Asia/Almaty");
			page.locator("#show-preview").click();
			PlaywrightAssertions.assertThat(page.locator("#preview-subject"))
				.hasText("Dana Serikova begins a hunger strike");
			PlaywrightAssertions.assertThat(page.frameLocator("#preview-html").locator("p")).hasText("Embassy in KZ");
			page.locator("#preview").scrollIntoViewIfNeeded();
			screenshot(page, "console-preview.png");
			Accessibility.assertAccessible(page);
			// The e-mail's script is refused by the frame's sandbox, which Chromium
			// reports.
			assertThat(consoleErrors).allSatisfy((error) -> assertThat(error).contains("sandboxed"));

			// The alert's public page, in both its languages, its campaign's, and the
			// page for an alert that is not there.
			String base = page.url().substring(0, page.url().indexOf("/console/"));
			for (String path : List.of("/public/alerts/" + id, "/public/alerts/" + id + "?lang=es",
					"/public/campaigns/" + organisation + "/free-dana-serikova",
					"/public/alerts/" + UUID.randomUUID())) {
				page.navigate(base + path);
				Accessibility.assertAccessible(page);
			}
		}
	}

	@Test
	void anOrganiserWithASecondFactorPublishesWatchesTheProgressAndCancelsAndAnotherOrganisationSeesNone()
			throws Exception {
		String organisation = "rights-" + UUID.randomUUID().toString().substring(0, 8);
		String email = "noor@" + organisation + ".example.org";
		String title = "Release Dana Serikova now";
		String alertUrl;
		try (var context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1200, 1500))) {
			Page page = context.newPage();
			setPassword(page, invitationLink(organisation, email));
			logIn(page, email);
			PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Your organisation's alerts");

			page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Account")).click();
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Set up a second factor")).click();
			PlaywrightAssertions.assertThat(page.locator("#qr svg")).isVisible();
			String secret = page.locator("#secret").textContent().strip();
			assertThat(page.locator("#otpauth").textContent()).startsWith("otpauth://totp/")
				.contains("secret=" + secret);
			assertThat(QrCodeSvgTests.decode(page.locator("#qr").innerHTML()))
				.isEqualTo(page.locator("#otpauth").textContent());
			screenshot(page, "console-account.png");
			page.getByLabel("Then type the code the app shows").fill(ConsoleIntegrationTests.code(secret));
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Turn it on")).click();
			PlaywrightAssertions.assertThat(page.getByRole(AriaRole.STATUS)).containsText("The second factor is on");
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out")).click();
			PlaywrightAssertions.assertThat(page.getByRole(AriaRole.STATUS)).containsText("You are logged out");

			logIn(page, email);
			PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Your code");
			// The password alone opens nothing but the code page.
			assertThat(page.navigate("http://localhost:" + this.port + "/console/alerts").status()).isEqualTo(403);
			page.navigate("http://localhost:" + this.port + "/console/login/code");
			String right = ConsoleIntegrationTests.code(secret);
			page.getByLabel("Code").fill(String.format("%06d", (Integer.parseInt(right) + 500_000) % 1_000_000));
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
			PlaywrightAssertions.assertThat(page.getByRole(AriaRole.ALERT)).containsText("That code is not right");
			page.getByLabel("Code").fill(ConsoleIntegrationTests.code(secret));
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
			PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Your organisation's alerts");

			page.getByText("Compose an alert").first().click();
			composeInEnglishAndSpanish(page, title);
			publish(page);
			PlaywrightAssertions.assertThat(page.locator("h1")).hasText(title);
			alertUrl = page.url();
			String id = alertUrl.substring(alertUrl.lastIndexOf('/') + 1);
			PlaywrightAssertions.assertThat(page.locator("#progress-none")).isVisible();

			// What dispatch reports as it fans the alert out (here there is no dispatch).
			this.kafkaAdmin.createOrModifyTopics(TopicBuilder.name(Topics.DELIVERY_OUTCOMES).partitions(1).build(),
					TopicBuilder.name(Topics.MAIL_EVENTS).partitions(1).build());
			AlertVersion version = new AlertVersion(AlertId.parse(id), 1);
			send(new AudienceResolved(EventId.random(), ContractEvent.SCHEMA_VERSION, Instant.now(), version, 3, 1));
			for (DeliveryStatus status : List.of(DeliveryStatus.SENT, DeliveryStatus.SENT, DeliveryStatus.DEFERRED)) {
				send(new DeliveryRecorded(EventId.random(), ContractEvent.SCHEMA_VERSION, Instant.now(), version,
						SubscriberId.random(), status, 1, null));
			}
			// htmx polls the section every five seconds.
			PlaywrightAssertions.assertThat(page.locator("#progress-1 .audience"))
				.hasText("3", new LocatorAssertions.HasTextOptions().setTimeout(30_000));
			PlaywrightAssertions.assertThat(page.locator("#progress-1 .sent"))
				.hasText("2", new LocatorAssertions.HasTextOptions().setTimeout(30_000));
			PlaywrightAssertions.assertThat(page.locator("#progress-1 .deferred")).hasText("1");

			page.getByLabel("Why").fill("She was released this morning.");
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel the alert")).click();
			PlaywrightAssertions.assertThat(page.locator("#state")).hasText("cancelled");
			PlaywrightAssertions.assertThat(page.locator("#history")).containsText("alert.cancelled");
			page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Activity")).click();
			PlaywrightAssertions.assertThat(page.locator("main")).containsText("second-factor.enabled");
			PlaywrightAssertions.assertThat(page.locator("main")).containsText("alert.cancelled");
		}

		String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
		String otherEmail = "sam@" + other + ".example.org";
		try (var context = browser.newContext()) {
			Page page = context.newPage();
			setPassword(page, invitationLink(other, otherEmail));
			logIn(page, otherEmail);
			PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Your organisation's alerts");
			assertThat(page.locator("main").textContent()).doesNotContain(title);
			assertThat(page.navigate(alertUrl).status()).isEqualTo(404);
			assertThat(page.content()).doesNotContain(title);
			assertThat(page.navigate(alertUrl + "/progress").status()).isEqualTo(404);
		}
	}

	/**
	 * A session that ends while an organiser writes (30 minutes without a request, a
	 * laptop asleep; here the browser drops its cookie): the form sent then is refused
	 * with the console's page saying so, and nothing is stored; logged in again, the
	 * compose form in the same tab offers to bring back what was written, in both
	 * languages, and the alert is published once from it; the kept draft is then gone,
	 * and a logout forgets any other.
	 */
	@Test
	void whatAnOrganiserWroteSurvivesASessionThatEndedMeanwhile() throws Exception {
		String organisation = "drafts-" + UUID.randomUUID().toString().substring(0, 8);
		String email = "lale@" + organisation + ".example.org";
		String title = "Dana Serikova's hearing is brought forward";
		try (var context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1200, 1500))) {
			Page page = context.newPage();
			setPassword(page, invitationLink(organisation, email));
			logIn(page, email);
			PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Your organisation's alerts");
			page.getByText("Compose an alert").first().click();
			PlaywrightAssertions.assertThat(page.locator("#draft-kept")).isHidden();
			composeInEnglishAndSpanish(page, title);

			assertThat(((Number) page.evaluate(KEPT_DRAFTS)).intValue()).isOne();
			context.clearCookies();
			publish(page);
			PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Your session had ended");
			PlaywrightAssertions.assertThat(page.locator("main")).containsText("nothing was stored");
			assertThat(alertsOf(organisation)).isZero();

			page.navigate("http://localhost:" + this.port + "/console/login");
			logIn(page, email);
			PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Your organisation's alerts");
			page.getByText("Compose an alert").first().click();
			PlaywrightAssertions.assertThat(page.locator("#draft-kept")).isVisible();
			PlaywrightAssertions.assertThat(page.locator("#title-0")).hasValue("");
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Bring it back")).click();
			PlaywrightAssertions.assertThat(page.locator("#title-0")).hasValue(title);
			PlaywrightAssertions.assertThat(page.locator("#lang-1")).hasValue("es");
			PlaywrightAssertions.assertThat(page.locator("#title-1")).hasValue("Liberad a Dana Serikova");
			PlaywrightAssertions.assertThat(page.getByLabel("Campaign id")).hasValue("free-dana-serikova");
			PlaywrightAssertions.assertThat(page.locator("#draft-kept")).isHidden();
			assertThat(alertsOf(organisation)).as("bringing it back stores nothing").isZero();

			// Sent back with a problem: the list above the form links to the field, which
			// a screen reader announces as invalid, with the problem as its description.
			page.getByLabel("Campaign id").fill("Free Dana!");
			publish(page);
			PlaywrightAssertions.assertThat(page.locator("#problems")).containsText("Nothing was stored");
			page.locator("#problems a[href='#campaignId']").click();
			PlaywrightAssertions.assertThat(page.getByLabel("Campaign id")).hasAttribute("aria-invalid", "true");
			PlaywrightAssertions.assertThat(page.getByLabel("Campaign id"))
				.hasAccessibleDescription("must be a slug of lower-case letters, digits and dashes (1 to 64)");
			PlaywrightAssertions.assertThat(page.getByLabel("Campaign name"))
				.not()
				.hasAttribute("aria-invalid", "true");
			Accessibility.assertAccessible(page);
			assertThat(alertsOf(organisation)).isZero();
			page.getByLabel("Campaign id").fill("free-dana-serikova");

			publish(page);
			PlaywrightAssertions.assertThat(page.locator("h1")).hasText(title);
			assertThat(alertsOf(organisation)).isOne();
			// The page after storing it tells the script the draft is no longer needed.
			await().pollInSameThread()
				.atMost(Duration.ofSeconds(10))
				.until(() -> ((Number) page.evaluate(KEPT_DRAFTS)).intValue() == 0);
			// The console's other pages pass the same checks: updating the alert, the
			// account, the activity log, and the webhooks with a refused address.
			String alertPage = page.url();
			for (String path : List.of(alertPage + "/edit", "/console/account", "/console/activity",
					"/console/webhooks")) {
				page.navigate(path.startsWith("http") ? path : "http://localhost:" + this.port + path);
				Accessibility.assertAccessible(page);
			}
			page.getByLabel("Address (https://)").fill("http://169.254.169.254/latest/meta-data/");
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register")).click();
			PlaywrightAssertions.assertThat(page.getByLabel("Address (https://)"))
				.hasAccessibleDescription(Pattern.compile("cloud metadata address"));
			Accessibility.assertAccessible(page);

			page.navigate("http://localhost:" + this.port + "/console/alerts/new");
			PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Compose an alert");
			PlaywrightAssertions.assertThat(page.locator("#draft-kept")).isHidden();

			// A logout forgets what the tab kept: the next person at this computer finds
			// nothing.
			page.locator("#title-0").fill("Half a thought");
			assertThat(((Number) page.evaluate(KEPT_DRAFTS)).intValue()).isOne();
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out")).click();
			PlaywrightAssertions.assertThat(page.getByRole(AriaRole.STATUS)).containsText("You are logged out");
			await().pollInSameThread()
				.atMost(Duration.ofSeconds(10))
				.until(() -> ((Number) page.evaluate(KEPT_DRAFTS)).intValue() == 0);
		}
	}

	/**
	 * Presses *Publish now* from the keyboard. A click lands where the button was a
	 * moment before: the live preview, answering the last keystroke some 800 ms later,
	 * can swap in above the button between the robot's aim and its click, which then hits
	 * nothing (seen once in six runs of this class); a person does not click that fast
	 * after typing, and the key press reaches the button wherever it is.
	 */
	private static void publish(Page page) {
		page.locator("#publish").press("Enter");
	}

	private long alertsOf(String organisation) {
		return this.mongo.count(Query.query(Criteria.where("organisation").is(organisation)), "alerts");
	}

	private String invitationLink(String organisation, String email) throws Exception {
		Reply invitation = new Api(this.port).post("/api/v1/admin/console-invitations",
				IngestIntegrationTest.OPERATOR_KEY,
				"{\"organisation\": \"" + organisation + "\", \"email\": \"" + email + "\"}");
		assertThat(invitation.status()).isEqualTo(201);
		Matcher link = Pattern.compile("\"link\"\\s*:\\s*\"([^\"]+)\"").matcher(invitation.body());
		assertThat(link.find()).isTrue();
		return link.group(1);
	}

	private static void setPassword(Page page, String link) {
		page.navigate(link);
		page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(PASSWORD);
		page.getByLabel("The same password again").fill(PASSWORD);
		page.locator("button[type=submit]").click();
		PlaywrightAssertions.assertThat(page.getByRole(AriaRole.STATUS)).containsText("Your password is set");
	}

	private static void logIn(Page page, String email) {
		page.getByLabel("E-mail address").fill(email);
		page.getByLabel("Password").fill(PASSWORD);
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
	}

	/**
	 * Fills the compose form through its labels only (the words per language by the n-th
	 * field of each label), and no action, so that the test holds while the form's other
	 * parts change.
	 */
	private static void composeInEnglishAndSpanish(Page page, String title) {
		PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Compose an alert");
		page.getByLabel("Campaign id").fill("free-dana-serikova");
		page.getByLabel("Campaign name").fill("Free Dana Serikova");
		page.getByLabel("Country concerned").fill("KZ");
		// The words of each language by their fields' ids (which waits for the added
		// language's): an action's row has a "Title" of its own, a letter's a field of
		// language codes.
		page.locator("#title-0").fill(title);
		page.locator("#summary-0").fill("Write to the Supreme Court before it reviews her case.");
		page.locator("#body-0").fill("<p>Dana Serikova has been held <strong>without trial</strong>.</p>");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add a language")).click();
		page.locator("#lang-1").fill("es");
		page.locator("#title-1").fill("Liberad a Dana Serikova");
		page.locator("#summary-1").fill("Escribe al Tribunal Supremo antes de que revise su caso.");
		page.getByLabel("Time zone of these times").fill("Asia/Almaty");
	}

	private void send(ContractEvent event) throws Exception {
		this.kafka.send(Topics.DELIVERY_OUTCOMES, event.eventId().toString(), event).get();
	}

	private static void screenshot(Page page, String name) throws Exception {
		String screenshots = System.getProperty("screenshots");
		if (screenshots != null && !screenshots.isBlank()) {
			Path directory = Path.of(screenshots);
			if (!directory.isAbsolute() && !Files.isDirectory(directory.getParent())
					&& Files.isDirectory(Path.of("..").resolve(directory.getParent()))) {
				// Maven runs the tests in the module; the path is the repository's.
				directory = Path.of("..").resolve(directory);
			}
			Files.createDirectories(directory);
			page.screenshot(new Page.ScreenshotOptions().setPath(directory.resolve(name)).setFullPage(true));
		}
	}

}
