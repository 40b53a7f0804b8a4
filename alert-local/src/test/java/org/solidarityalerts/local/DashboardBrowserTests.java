package org.solidarityalerts.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dispatch.subscriber.Cadence;
import org.solidarityalerts.dispatch.subscriber.Preferences;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.Role;
import org.solidarityalerts.testsupport.Accessibility;
import org.solidarityalerts.testsupport.Browsers;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;
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
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operators' dashboard in a real headless browser (Chromium from {@link Browsers},
 * driven by Playwright), beside ingest and dispatch, against real Kafka, MongoDB and an
 * SMTP server that defers on cue. Alerts are posted through the organisers' API; the
 * pages are never reloaded while the tests watch them change.
 */
@SpringBootTest(classes = DashboardBrowserTests.Servers.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final LocatorAssertions.HasAttributeOptions WAIT_ATTRIBUTE = new LocatorAssertions.HasAttributeOptions()
		.setTimeout(PATIENCE.toMillis());

	private static final LocatorAssertions.HasTextOptions WAIT_TEXT = new LocatorAssertions.HasTextOptions()
		.setTimeout(PATIENCE.toMillis());

	private static final int PHONE_WIDTH = 390;

	private static final String URGENT_BATCHES_GROUP = "alert-dispatch.deliveries-urgent";

	@Autowired
	KafkaConnectionDetails kafka;

	@Autowired
	MongoConnectionDetails mongo;

	@Autowired
	Environment environment;

	@Autowired
	ScriptedSmtpServer smtp;

	ServiceStack stack;

	String organiserKey;

	Playwright playwright;

	Browser browser;

	@BeforeAll
	void start() {
		this.stack = ServiceStack.start(TestServers.properties(this.kafka, this.mongo, this.environment),
				Map.of("server.port", 0),
				Map.of("server.port", 0, "alert.dispatch.fan-out.batch-size", 5,
						"alert.dispatch.delivery.first-retry-after", "4s", "alert.dispatch.delivery.backoff-multiplier",
						1, "alert.dispatch.delivery.max-attempts", 2, "alert.dispatch.delivery.claim-timeout", "5s"),
				withSampling(DemoData.dashboard(0, "127.0.0.1",
						Integer.parseInt(this.environment.getRequiredProperty("spring.mail.port")))));
		this.organiserKey = this.stack.ingest()
			.getBean(ApiKeys.class)
			.issue("justice-for-dana", Role.ORGANISER, "browser tests")
			.key();
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

	@Test
	void anOperatorWatchesAPostedAlertFanOutToDoneWithoutReloading() throws Exception {
		String campaign = campaign();
		List<Subscriber> readers = subscribers(campaign, 12);
		for (Subscriber late : readers.subList(0, 3)) {
			this.smtp.deferFirst(late.email(), 1, 451);
		}
		try (BrowserContext context = context()) {
			Page page = logIn(context, DemoData.OPERATOR, DemoData.OPERATOR_PASSWORD);
			List<String> errors = consoleErrors(page);
			page.evaluate("() => { window.sameDocument = 'yes'; }");

			String alertId = post(campaign, "Browser test: a lawyer on hunger strike");

			Locator row = page.locator("#row-" + alertId);
			PlaywrightAssertions.assertThat(row).hasAttribute("data-state", "fanning out", WAIT_ATTRIBUTE);
			PlaywrightAssertions.assertThat(row.locator(".deferred")).hasText("3", WAIT_TEXT);
			screenshot(page);
			PlaywrightAssertions.assertThat(row).hasAttribute("data-state", "done", WAIT_ATTRIBUTE);
			PlaywrightAssertions.assertThat(row.locator(".sent")).hasText("12 / 12");
			assertThat(page.evaluate("() => window.sameDocument")).as("the page was never reloaded").isEqualTo("yes");
			assertThat(errors).as("no script errors or content security policy violations").isEmpty();
		}
		assertThat(this.smtp.receivedBy(readers.getFirst().email())).hasSize(1);
	}

	@Test
	void anOperatorSeesAConsumerGroupsLagRiseAndDrain() throws Exception {
		String campaign = campaign();
		List<Subscriber> readers = subscribers(campaign, 10);
		post(campaign, "Browser test: before the backlog");
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.smtp.receivedBy(readers.getLast().email())).hasSize(1));
		MessageListenerContainer urgentBatches = this.stack.dispatch()
			.getBean(KafkaListenerEndpointRegistry.class)
			.getListenerContainer("deliveries-urgent");
		try (BrowserContext context = context()) {
			Page page = logIn(context, DemoData.VIEWER, DemoData.VIEWER_PASSWORD);
			page.navigate(dashboard("/topics"));
			Locator group = page.locator("tr[data-group=\"" + URGENT_BATCHES_GROUP + "\"]");
			PlaywrightAssertions.assertThat(group.locator(".lag")).hasText("0", WAIT_TEXT);
			page.evaluate("() => { window.sameDocument = 'yes'; }");
			urgentBatches.stop();
			try {
				String alertId = post(campaign, "Browser test: the backlog");

				PlaywrightAssertions.assertThat(group.locator(".lag")).hasText("2", WAIT_TEXT);
				PlaywrightAssertions.assertThat(group.locator(".trend")).hasText("growing", WAIT_TEXT);
				assertThat(this.smtp.receivedBy(readers.getLast().email())).hasSize(1);

				urgentBatches.start();

				PlaywrightAssertions.assertThat(group.locator(".lag")).hasText("0", WAIT_TEXT);
				await().atMost(PATIENCE)
					.untilAsserted(() -> assertThat(this.smtp.receivedBy(readers.getLast().email())).hasSize(2));
				page.navigate(dashboard("/"));
				PlaywrightAssertions.assertThat(page.locator("#row-" + alertId))
					.hasAttribute("data-state", "done", WAIT_ATTRIBUTE);
			}
			finally {
				if (!urgentBatches.isRunning()) {
					urgentBatches.start();
				}
			}
		}
	}

	@Test
	void anOperatorReDrivesADeadLetteredDeliveryAndItIsDelivered() throws Exception {
		String campaign = campaign();
		Subscriber unlucky = subscribers(campaign, 1).getFirst();
		this.smtp.deferFirst(unlucky.email(), 2, 452);
		String alertId = post(campaign, "Browser test: the server kept deferring");
		try (BrowserContext context = context()) {
			Page page = logIn(context, DemoData.OPERATOR, DemoData.OPERATOR_PASSWORD);
			List<String> errors = consoleErrors(page);
			Locator row = page.locator("#row-" + alertId);
			PlaywrightAssertions.assertThat(row).hasAttribute("data-state", "partial", WAIT_ATTRIBUTE);
			PlaywrightAssertions.assertThat(row.locator(".dead-lettered")).hasText("1");

			page.navigate(dashboard("/dead-letters"));
			Locator letter = page.locator("tr[data-ref^=\"deliveries.retry.dlt/\"]",
					new Page.LocatorOptions().setHasText(alertId));
			PlaywrightAssertions.assertThat(letter)
				.containsText("retries ran out after 2 attempts",
						new LocatorAssertions.ContainsTextOptions().setTimeout(PATIENCE.toMillis()));
			letter.locator("input[type=checkbox]").check();
			page.onceDialog((dialog) -> dialog.accept());
			page.locator("#redrive").click();

			PlaywrightAssertions.assertThat(page.locator("#messages")).containsText("re-driven to deliveries.retry");
			PlaywrightAssertions.assertThat(letter.locator(".redriven")).hasText("yes", WAIT_TEXT);
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(this.smtp.receivedBy(unlucky.email())).hasSize(1));
			page.navigate(dashboard("/"));
			PlaywrightAssertions.assertThat(page.locator("#row-" + alertId))
				.hasAttribute("data-state", "done", WAIT_ATTRIBUTE);
			page.navigate(dashboard("/audit"));
			PlaywrightAssertions.assertThat(page.locator("#audit")).containsText("deadletter.redrive");
			assertThat(errors).isEmpty();
		}
	}

	@Test
	void anOperatorPausesAndResumesAFanOutInProgressAndAFinishedOneOffersNoActions() throws Exception {
		String campaign = campaign();
		List<Subscriber> readers = subscribers(campaign, 2);
		MessageListenerContainer urgentBatches = this.stack.dispatch()
			.getBean(KafkaListenerEndpointRegistry.class)
			.getListenerContainer("deliveries-urgent");
		try (BrowserContext context = context()) {
			Page page = logIn(context, DemoData.OPERATOR, DemoData.OPERATOR_PASSWORD);
			Locator row;
			// Dispatch's urgent batches wait unread, so the fan-out stays in progress.
			urgentBatches.stop();
			try {
				row = page.locator("#row-" + post(campaign, "Browser test: pause and resume"));
				PlaywrightAssertions.assertThat(row).hasAttribute("data-state", "fanning out", WAIT_ATTRIBUTE);
				PlaywrightAssertions.assertThat(button(row, "Resume")).hasCount(0);
				page.onceDialog((dialog) -> dialog.accept());
				button(row, "Pause").click();

				PlaywrightAssertions.assertThat(row).hasAttribute("data-state", "paused", WAIT_ATTRIBUTE);
				PlaywrightAssertions.assertThat(button(row, "Pause")).hasCount(0);
				PlaywrightAssertions.assertThat(button(row, "Cancel")).hasCount(1);
				page.onceDialog((dialog) -> dialog.accept());
				button(row, "Resume").click();
				PlaywrightAssertions.assertThat(row).hasAttribute("data-state", "fanning out", WAIT_ATTRIBUTE);
			}
			finally {
				urgentBatches.start();
			}
			PlaywrightAssertions.assertThat(row).hasAttribute("data-state", "done", WAIT_ATTRIBUTE);
			PlaywrightAssertions.assertThat(row.locator("button")).hasCount(0);
		}
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.smtp.receivedBy(readers.getLast().email())).hasSize(1));
	}

	@Test
	void atAPhonesWidthNoPageIsWiderThanTheScreenTheHeaderSpansItAndTablesScrollInTheirOwnContainers()
			throws Exception {
		String campaign = campaign();
		subscribers(campaign, 2);
		String alertId = post(campaign, "Browser test: a title long enough to wrap on a phone's narrow screen");
		try (BrowserContext context = this.browser
			.newContext(new Browser.NewContextOptions().setViewportSize(PHONE_WIDTH, 844))) {
			Page page = logIn(context, DemoData.OPERATOR, DemoData.OPERATOR_PASSWORD);
			PlaywrightAssertions.assertThat(page.locator("#row-" + alertId))
				.hasAttribute("data-state", "done", WAIT_ATTRIBUTE);
			for (String path : List.of("/", "/?state=done&kind=urgent-action&campaign=" + campaign,
					"/alerts/" + alertId, "/topics", "/dead-letters", "/status", "/audit")) {
				page.navigate(dashboard(path));
				PlaywrightAssertions.assertThat(page.locator("h1")).isVisible();
				@SuppressWarnings("unchecked")
				Map<String, Object> layout = (Map<String, Object>) page.evaluate("""
						() => {
						  const width = document.documentElement.clientWidth;
						  const header = document.querySelector('header.top').getBoundingClientRect();
						  const outside = [...document.querySelectorAll('body *')]
						    .filter((e) => !e.closest('.table-scroll'))
						    .filter((e) => e.getBoundingClientRect().right > width + 0.5)
						    .map((e) => e.tagName.toLowerCase() + '.' + e.className);
						  const tables = [...document.querySelectorAll('table')]
						    .filter((t) => !t.parentElement.classList.contains('table-scroll'))
						    .map((t) => t.className);
						  return { scrollWidth: document.documentElement.scrollWidth, width: width,
						    headerLeft: header.left, headerWidth: header.width, outside: outside, bareTables: tables };
						}""");
				assertThat(((Number) layout.get("scrollWidth")).intValue()).as(path + ": the page's width")
					.isLessThanOrEqualTo(PHONE_WIDTH);
				assertThat(((Number) layout.get("headerLeft")).doubleValue()).as(path).isZero();
				assertThat(((Number) layout.get("headerWidth")).doubleValue()).as(path + ": the header's width")
					.isEqualTo(((Number) layout.get("width")).doubleValue());
				assertThat((List<?>) layout.get("outside")).as(path + ": elements wider than the screen").isEmpty();
				assertThat((List<?>) layout.get("bareTables")).as(path + ": tables outside a scroll container")
					.isEmpty();
			}
		}
	}

	@Test
	void aDeadLettersLongUnbreakableReasonWrapsSoItsTableFitsAWideScreen() throws Exception {
		String key = "unbreakable-" + UUID.randomUUID();
		String reason = "Cannot.deserialize." + "x".repeat(400);
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of("bootstrap.servers", String.join(",", this.kafka.getBootstrapServers())), new StringSerializer(),
				new ByteArraySerializer())) {
			ProducerRecord<String, byte[]> dead = new ProducerRecord<>(Topics.deadLetterOf(Topics.ALERTS_STANDARD), key,
					"{}".getBytes(StandardCharsets.UTF_8));
			dead.headers().add("kafka_dlt-original-topic", Topics.ALERTS_STANDARD.getBytes(StandardCharsets.UTF_8));
			dead.headers().add("kafka_dlt-exception-message", reason.getBytes(StandardCharsets.UTF_8));
			producer.send(dead).get();
		}
		try (BrowserContext context = this.browser
			.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900))) {
			Page page = logIn(context, DemoData.OPERATOR, DemoData.OPERATOR_PASSWORD);
			page.navigate(dashboard("/dead-letters"));
			PlaywrightAssertions.assertThat(page.locator("form.dead-letters"))
				.containsText(key, new LocatorAssertions.ContainsTextOptions().setTimeout(PATIENCE.toMillis()));

			Object widths = page.evaluate("""
					() => {
					  const scroll = document.querySelector('form.dead-letters .table-scroll');
					  return [scroll.scrollWidth, scroll.clientWidth, document.documentElement.scrollWidth];
					}""");
			List<?> measured = (List<?>) widths;
			assertThat(((Number) measured.get(0)).intValue()).as("the dead-letter table's width")
				.isLessThanOrEqualTo(((Number) measured.get(1)).intValue());
			assertThat(((Number) measured.get(2)).intValue()).isLessThanOrEqualTo(1440);
		}
	}

	@Test
	void everyTextAndStateBadgeMeetsWcagAaContrast() throws Exception {
		String campaign = campaign();
		subscribers(campaign, 1);
		String alertId = post(campaign, "Browser test: contrast");
		try (BrowserContext context = context()) {
			Page page = logIn(context, DemoData.OPERATOR, DemoData.OPERATOR_PASSWORD);
			PlaywrightAssertions.assertThat(page.locator("#row-" + alertId))
				.hasAttribute("data-state", "done", WAIT_ATTRIBUTE);
			List<Map<String, Object>> texts = new ArrayList<>();
			for (String path : List.of("/", "/alerts/" + alertId, "/topics", "/dead-letters", "/status", "/audit")) {
				page.navigate(dashboard(path));
				PlaywrightAssertions.assertThat(page.locator("h1")).isVisible();
				texts.addAll(colours(page, path));
				// And the rest of what a machine can check of WCAG 2.2 AA.
				Accessibility.assertAccessible(page);
			}

			assertThat(texts).extracting((text) -> text.get("what"))
				.as("every state's badge was measured")
				.contains("span.state.state-scheduled", "span.state.state-fanning_out", "span.state.state-done",
						"span.state.state-partial", "span.state.state-paused", "span.state.state-cancelled");
			assertThat(texts).allSatisfy(
					(text) -> assertThat(contrast((String) text.get("color"), (String) text.get("background")))
						.as("contrast of %s (%s) on %s: %s", text.get("what"), text.get("color"),
								text.get("background"), text.get("where"))
						.isGreaterThanOrEqualTo(4.5));
		}
	}

	/**
	 * The computed colour of every element that holds text, and of the background it is
	 * drawn on (its own or its nearest ancestor's), with a sample of every state's badge
	 * and of the texts that only some states show added to the page first.
	 */
	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> colours(Page page, String path) {
		return (List<Map<String, Object>>) page.evaluate(
				"""
						(where) => {
						  const samples = document.createElement('div');
						  for (const name of ['state state-scheduled', 'state state-fanning_out', 'state state-done',
						      'state state-partial', 'state state-paused', 'state state-cancelled', 'note', 'empty', 'error',
						      'version']) {
						    const sample = document.createElement('span');
						    sample.className = name;
						    sample.textContent = name;
						    samples.appendChild(sample);
						  }
						  const warning = document.createElement('p');
						  warning.className = 'complaint-rate warning';
						  warning.textContent = 'above 0.3 %';
						  samples.appendChild(warning);
						  const messages = document.createElement('div');
						  messages.className = 'messages';
						  messages.innerHTML = '<p>message</p>';
						  samples.appendChild(messages);
						  document.querySelector('main').appendChild(samples);
						  const background = (element) => {
						    for (let e = element; e; e = e.parentElement) {
						      const colour = getComputedStyle(e).backgroundColor;
						      if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') {
						        return colour;
						      }
						    }
						    return 'rgb(255, 255, 255)';
						  };
						  return [...document.querySelectorAll('body *')]
						    .filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
						    .filter((e) => !e.closest('script, style, canvas, option'))
						    .map((e) => ({ what: e.tagName.toLowerCase() + (e.className ? '.' + e.className.trim().split(/\s+/).join('.') : ''),
						      color: getComputedStyle(e).color, background: background(e), where: where }));
						}""",
				path);
	}

	/**
	 * The WCAG 2 contrast ratio of two computed CSS colours, {@code rgb(r, g, b)}.
	 */
	static double contrast(String foreground, String background) {
		double a = luminance(foreground);
		double b = luminance(background);
		return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
	}

	private static double luminance(String colour) {
		java.util.regex.Matcher rgb = java.util.regex.Pattern.compile("rgba?\\((\\d+), (\\d+), (\\d+)").matcher(colour);
		assertThat(rgb.find()).as("an rgb colour: " + colour).isTrue();
		double[] channels = new double[3];
		for (int i = 0; i < 3; i++) {
			double c = Integer.parseInt(rgb.group(i + 1)) / 255.0;
			channels[i] = (c <= 0.03928) ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
		}
		return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
	}

	@Test
	void aViewerSeesTheBoardButNoActionsAndTheServerRefusesThem() throws Exception {
		String campaign = campaign();
		subscribers(campaign, 1);
		String alertId = post(campaign, "Browser test: read only");
		try (BrowserContext context = context()) {
			Page page = logIn(context, DemoData.VIEWER, DemoData.VIEWER_PASSWORD);
			Locator row = page.locator("#row-" + alertId);
			PlaywrightAssertions.assertThat(row).hasAttribute("data-state", "done", WAIT_ATTRIBUTE);
			PlaywrightAssertions.assertThat(page.locator("#who")).containsText("viewer (read-only)");
			PlaywrightAssertions.assertThat(button(page.locator("body"), "Pause")).hasCount(0);
			PlaywrightAssertions.assertThat(button(page.locator("body"), "Cancel")).hasCount(0);

			Object pause = page.evaluate("""
					async (path) => {
					  const header = document.querySelector('meta[name="_csrf_header"]').content;
					  const token = document.querySelector('meta[name="_csrf"]').content;
					  const response = await fetch(path, { method: 'POST', headers: { [header]: token } });
					  return response.status;
					}""", "/actions/fanouts/" + alertId + "/1/pause");
			Object redrive = page.evaluate("""
					async () => {
					  const header = document.querySelector('meta[name="_csrf_header"]').content;
					  const token = document.querySelector('meta[name="_csrf"]').content;
					  const response = await fetch('/actions/dead-letters/redrive', { method: 'POST',
					    headers: { [header]: token, 'Content-Type': 'application/x-www-form-urlencoded' },
					    body: 'ref=deliveries.retry.dlt%2F0%2F0' });
					  return response.status;
					}""");

			assertThat(pause).isEqualTo(403);
			assertThat(redrive).isEqualTo(403);
			PlaywrightAssertions.assertThat(row).hasAttribute("data-state", "done");
		}
	}

	@Test
	void markupInAnAlertsTitleAndCampaignNameIsShownAsTextAndNeverRuns() throws Exception {
		String campaign = campaign();
		subscribers(campaign, 2);
		String title = "<script>alert('title')</script><img src=x onerror=alert('title')>";
		String campaignName = "<script>alert('campaign')</script><img src=x onerror=alert('campaign')>";
		try (BrowserContext context = context()) {
			Page page = logIn(context, DemoData.OPERATOR, DemoData.OPERATOR_PASSWORD);
			List<String> dialogs = new ArrayList<>();
			page.onDialog((dialog) -> {
				dialogs.add(dialog.message());
				dialog.dismiss();
			});
			List<String> errors = consoleErrors(page);

			String alertId = post(campaign, campaignName, title);

			// First as a live update of the open board, then as the server renders the
			// page.
			Locator row = page.locator("#row-" + alertId);
			for (int render = 0; render < 2; render++) {
				PlaywrightAssertions.assertThat(row).hasAttribute("data-state", "done", WAIT_ATTRIBUTE);
				PlaywrightAssertions.assertThat(row.locator("a[href='/alerts/" + alertId + "']")).hasText(title);
				PlaywrightAssertions.assertThat(row).containsText(campaignName);
				PlaywrightAssertions.assertThat(row.locator("script, img")).hasCount(0);
				page.reload();
			}
			assertThat(dialogs).as("dialogs opened by injected script").isEmpty();
			assertThat(errors).as("no script errors or content security policy violations").isEmpty();
		}
	}

	@Test
	void theOrganisersApiDescriptionRendersUnderItsContentSecurityPolicy() {
		try (BrowserContext context = context()) {
			Page page = context.newPage();
			List<String> errors = consoleErrors(page);

			page.navigate("http://localhost:" + this.stack.ingestPort() + "/swagger-ui.html");

			PlaywrightAssertions.assertThat(page.locator(".opblock-summary-path[data-path='/api/v1/alerts']").first())
				.isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(PATIENCE.toMillis()));
			assertThat(errors).as("no script errors or content security policy violations").isEmpty();
		}
	}

	private static Locator button(Locator within, String name) {
		return within.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name).setExact(true));
	}

	private BrowserContext context() {
		return this.browser.newContext(new Browser.NewContextOptions().setViewportSize(1500, 900));
	}

	private Page logIn(BrowserContext context, String name, String password) {
		Page page = context.newPage();
		page.navigate(dashboard("/"));
		page.getByLabel("Name").fill(name);
		page.getByLabel("Password").fill(password);
		page.getByText("Log in").click();
		PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Fan-outs");
		return page;
	}

	private static List<String> consoleErrors(Page page) {
		List<String> errors = new ArrayList<>();
		page.onConsoleMessage((message) -> {
			if (message.type().equals("error")) {
				errors.add(message.text());
			}
		});
		page.onPageError(errors::add);
		return errors;
	}

	/**
	 * Keeps a screenshot of the board during a fan-out in {@code target/}, and in
	 * {@code docs/images/dashboard.png} when run with {@code -Dalert.docs.write=true}.
	 */
	private static void screenshot(Page page) throws Exception {
		Path shot = Paths.get("target/dashboard.png");
		page.screenshot(new Page.ScreenshotOptions().setPath(shot).setFullPage(false));
		if (Boolean.getBoolean("alert.docs.write")) {
			Path docs = Paths.get("../docs/images/dashboard.png");
			Files.createDirectories(docs.getParent());
			Files.copy(shot, docs, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private String post(String campaign, String title) throws Exception {
		return post(campaign, "Free Dana Serikova", title);
	}

	private String post(String campaign, String campaignName, String title) throws Exception {
		String example = Files.readString(Path.of("../docs/examples/urgent-action.json"), StandardCharsets.UTF_8);
		String body = example.replace("2027-11-25T09:00:00Z", Instant.now().plus(3, ChronoUnit.DAYS).toString())
			.replace("\"id\": \"free-dana-serikova\"", "\"id\": \"" + campaign + "\"")
			.replace("\"name\": \"Free Dana Serikova\"", "\"name\": " + json(campaignName))
			.replace("\"Dana Serikova begins a hunger strike in prison\"", json(title));
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.stack.ingestPort() + "/api/v1/alerts"))
			.header("Authorization", "Bearer " + this.organiserKey)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		try (HttpClient client = HttpClient.newHttpClient()) {
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
			return WireFormat.jsonMapper().readTree(response.body()).path("id").asString();
		}
	}

	private static String json(String text) {
		return WireFormat.jsonMapper().writeValueAsString(text);
	}

	private List<Subscriber> subscribers(String campaign, int count) {
		MongoTemplate mongo = this.stack.dispatch().getBean(MongoTemplate.class);
		List<Subscriber> subscribers = new ArrayList<>();
		Instant now = Instant.now();
		for (int i = 0; i < count; i++) {
			String email = "reader-" + i + "-" + campaign + "@example.org";
			subscribers.add(mongo.insert(new Subscriber(UUID.randomUUID().toString(), email, email, "Reader " + i, "GB",
					List.of("en"), "Europe/London", SubscriberStatus.CONFIRMED,
					new Preferences(List.of(campaign), List.of(), List.of(AlertKind.values()), Cadence.IMMEDIATE), now,
					now)));
		}
		return subscribers;
	}

	private String dashboard(String path) {
		return "http://localhost:" + this.stack.dashboardPort() + path;
	}

	private static Map<String, Object> withSampling(Map<String, Object> dashboard) {
		Map<String, Object> properties = new java.util.LinkedHashMap<>(dashboard);
		properties.put("alert.dashboard.topics.sample-interval", "500ms");
		// A lag of 2 that stays is "growing" only while it fills part of the window (the
		// slope of a step of 2 over a full 60 s window never exceeds the steady
		// threshold),
		// so a short window, whenever the lag test runs.
		properties.put("alert.dashboard.topics.trend-window", "10s");
		return properties;
	}

	private static String campaign() {
		return "c" + UUID.randomUUID().toString().substring(0, 8);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ KafkaAutoConfiguration.class, MongoAutoConfiguration.class })
	@Import({ TestInfrastructure.Data.class, ScriptedSmtpServer.Configuration.class })
	static class Servers {

	}

}
