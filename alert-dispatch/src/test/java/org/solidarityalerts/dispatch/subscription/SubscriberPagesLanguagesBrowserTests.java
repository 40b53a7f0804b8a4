package org.solidarityalerts.dispatch.subscription;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.LoadState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.links.SignedLinks;
import org.solidarityalerts.dispatch.mail.ServiceWords;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.dispatch.web.PageWords;
import org.solidarityalerts.testsupport.Accessibility;
import org.solidarityalerts.testsupport.Browsers;
import org.solidarityalerts.testsupport.Mailbox;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every subscriber page in each of the service's languages, in one headless Chromium
 * against one application: the page says its language and direction, shows its words and
 * none of the English ones; the language follows the subscriber, the switcher, the
 * browser, in that order; and an Arabic page is laid out right to left with the address
 * kept left to right. Run with {@code -Dscreenshots=docs/images} to write
 * {@code preferences-ar.png} there.
 */
@DispatchIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubscriberPagesLanguagesBrowserTests {

	/** The sign-up heading, written by hand rather than read from the bundles. */
	private static final Map<String, String> SIGN_UP_HEADING = Map.of("en", "Receive solidarity alerts", "es",
			"Recibe alertas solidarias", "fr", "Recevoir les alertes solidaires", "ru",
			"Получайте призывы солидарности", "kk", "Ынтымақтастық үндеулерін алыңыз", "uk",
			"Отримуйте заклики солідарності", "de", "Solidaritätsaufrufe erhalten", "ar", "تلقَّ نداءات التضامن", "fa",
			"فراخوان‌های همبستگی را دریافت کنید");

	private static final String CAMPAIGN = "free-dana-serikova";

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	SignedLinks links;

	@Autowired
	Mailbox mailbox;

	@Autowired
	ServiceWords words;

	@Autowired
	PageWords pageWords;

	private Playwright playwright;

	private Browser browser;

	/** Its sign-ups are used up, so that the next shows the refusal page. */
	private final String limitedClient = Fixtures.newClient();

	private String base;

	private Subscriber reader;

	private Subscriber leaver;

	@BeforeAll
	void startBrowserAndUseUpOneClientsSignUps() {
		this.base = "http://localhost:" + this.port;
		this.playwright = Browsers.playwright();
		this.browser = Browsers.chromium(this.playwright);
		this.reader = Fixtures.insert(this.mongo, Fixtures.newAddress("reader"), SubscriberStatus.CONFIRMED, CAMPAIGN);
		this.leaver = Fixtures.insert(this.mongo, Fixtures.newAddress("leaver"), SubscriberStatus.CONFIRMED, CAMPAIGN);
		Web web = new Web(this.port, this.limitedClient);
		for (int i = 0; i < DispatchIntegrationTest.SIGN_UPS_PER_CLIENT; i++) {
			web.submit(web.get("/subscribe").body(), "form",
					List.of(Fixtures.field("email", Fixtures.newAddress("limit")),
							Fixtures.field("campaigns", CAMPAIGN), Fixtures.field("consent", "true")));
		}
	}

	@AfterAll
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
		if (this.playwright != null) {
			this.playwright.close();
		}
	}

	static Stream<String> languages() {
		return ServiceWords.LANGUAGES.stream();
	}

	@ParameterizedTest
	@MethodSource("languages")
	void everyPageSpeaksTheLanguageItIsAskedIn(String language) {
		try (BrowserContext context = this.browser
			.newContext(new Browser.NewContextOptions().setJavaScriptEnabled(false)
				.setExtraHTTPHeaders(Map.of("X-Forwarded-For", this.limitedClient)))) {
			Page page = context.newPage();
			String lang = "?lang=" + language;

			open(page, "/subscribe?campaign=" + CAMPAIGN + "&lang=" + language);
			assertThat(page.locator("h1").textContent()).isEqualTo(SIGN_UP_HEADING.get(language));
			speaks(page, language, "page.subscribe.heading", "page.subscribe.button", "page.subscribe.email",
					"page.profile.campaigns", "page.kind.URGENT_ACTION", "page.cadence.WEEKLY");
			page.locator("#email").fill(Fixtures.newAddress("refused"));
			page.locator("#consent").check();
			page.locator("form button[type=submit]").click();
			assertThat(page.locator("h1").textContent())
				.isEqualTo(this.pageWords.say("Too many sign-ups", Locale.forLanguageTag(language)));
			speaks(page, language, null, "page.problem.back");
			assertThat(text(page).contains("Too many sign-ups")).isEqualTo(language.equals("en"));

			open(page, "/subscribe/page/check-inbox" + lang);
			speaks(page, language, "page.inbox.title", "page.inbox.spam");

			open(page, Web.path(confirmLink(List.of("en"))) + lang);
			speaks(page, language, "page.confirm.title", "confirm.button");
			page.locator("#confirm").click();
			speaks(page, language, "page.confirmed.heading", "label.preferences");

			open(page, Web.path(this.links.preferences(SubscriberId.parse(this.reader.id()))) + lang);
			speaks(page, language, "page.preferences.title", "page.preferences.save", "page.profile.countries",
					"page.preferences.erase", "page.status.confirmed");

			open(page, Web.path(this.links.unsubscribe(SubscriberId.parse(this.leaver.id()))) + lang);
			speaks(page, language, "page.unsubscribe.heading", "page.unsubscribe.button");
			page.locator("#unsubscribe").click();
			speaks(page, language, "page.unsubscribed.heading", "page.unsubscribed.thanks");

			open(page, "/subscribe/page/erased" + lang);
			speaks(page, language, "page.erased.heading", "page.erased.again");

			open(page, "/subscribe/form-expired" + lang);
			speaks(page, language, "page.expired.title", "page.expired.again");

			open(page, "/confirm/not-a-token" + lang);
			speaks(page, language, "page.invalid.heading", "page.invalid.again");

			open(page, "/subscribe/page/nowhere" + lang);
			speaks(page, language, "page.error.notFound", "page.problem.back");
		}
	}

	/**
	 * Every subscriber page, and the sign-up form sent back with a problem, passes
	 * axe-core's checks of WCAG 2.2 levels A and AA (names and labels, landmarks,
	 * contrast, language, ARIA), left to right and right to left.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "en", "ar" })
	void everyPagePassesTheAccessibilityChecks(String language) {
		try (BrowserContext context = this.browser.newContext(new Browser.NewContextOptions().setLocale(language)
			.setExtraHTTPHeaders(Map.of("X-Forwarded-For", Fixtures.newClient())))) {
			Page page = context.newPage();
			// The checks find what they look for: a page without a language and a field
			// without a label fails them.
			page.setContent("<!DOCTYPE html><html><head><title>t</title></head><body><main>"
					+ "<input id=\"unnamed\"></main></body></html>");
			assertThat(Accessibility.violations(page)).extracting(Rule::getId).contains("html-has-lang", "label");
			String lang = "?lang=" + language;
			open(page, "/subscribe?campaign=" + CAMPAIGN + "&lang=" + language);
			Accessibility.assertAccessible(page);
			page.locator("#email").fill(Fixtures.newAddress("axe"));
			page.locator("form button[type=submit]").click();
			page.waitForLoadState(LoadState.LOAD);
			assertThat(page.locator("[aria-invalid=true]").getAttribute("id")).isEqualTo("consent");
			Accessibility.assertAccessible(page);
			for (String path : List.of("/subscribe/page/check-inbox", Web.path(confirmLink(List.of(language))),
					Web.path(this.links.preferences(SubscriberId.parse(this.reader.id()))),
					Web.path(this.links.unsubscribe(SubscriberId.parse(this.reader.id()))), "/subscribe/page/erased",
					"/subscribe/form-expired", "/confirm/not-a-token", "/subscribe/page/nowhere")) {
				open(page, path + (path.contains("?") ? "&" : "?") + "lang=" + language);
				Accessibility.assertAccessible(page);
			}
			open(page, Web.path(confirmLink(List.of(language))) + lang);
			page.locator("#confirm").click();
			page.waitForLoadState(LoadState.LOAD);
			Accessibility.assertAccessible(page);
		}
	}

	@Test
	void theBrowsersLanguageIsSpokenUntilTheReaderChoosesAnotherWhichSticksAndTheirSignUpKeepsIt() throws Exception {
		try (BrowserContext context = this.browser.newContext(new Browser.NewContextOptions().setLocale("kk-KZ")
			.setJavaScriptEnabled(false)
			.setExtraHTTPHeaders(Map.of("X-Forwarded-For", Fixtures.newClient())))) {
			Page page = context.newPage();
			open(page, "/subscribe?campaign=" + CAMPAIGN);
			speaks(page, "kk", "page.subscribe.heading", "page.subscribe.button");

			page.getByRole(AriaRole.NAVIGATION).getByText("Deutsch").click();
			speaks(page, "de", "page.subscribe.heading", "page.subscribe.button");
			assertThat(page.locator("#campaigns").inputValue()).isEqualTo(CAMPAIGN);
			assertThat(page.locator("nav a[aria-current=page]").textContent()).isEqualTo("Deutsch");
			open(page, "/subscribe/page/erased");
			speaks(page, "de", "page.erased.heading", "page.erased.again");

			open(page, "/subscribe?campaign=" + CAMPAIGN);
			String email = Fixtures.newAddress("deutsch");
			page.locator("#email").fill(email);
			page.locator("#consent").check();
			page.locator("form button[type=submit]").click();
			speaks(page, "de", "page.inbox.title", "page.inbox.spam");
			assertThat(Fixtures.byEmail(this.mongo, email).languages()).containsExactly("de");
			assertThat(Fixtures.awaitOnlyMail(this.mailbox, email).getSubject())
				.isEqualTo(this.words.getMessage("confirm.subject", null, Locale.GERMAN));
		}
	}

	@Test
	void aSubscribersOwnPagesSpeakTheirLanguageWhateverTheBrowserSaysUnlessTheySwitch() {
		Subscriber ukrainian = withLanguages(
				Fixtures.insert(this.mongo, Fixtures.newAddress("uk"), SubscriberStatus.CONFIRMED, CAMPAIGN),
				List.of("hy", "uk", "en"));
		try (BrowserContext context = this.browser
			.newContext(new Browser.NewContextOptions().setLocale("de-DE").setJavaScriptEnabled(false))) {
			Page page = context.newPage();
			String preferences = Web.path(this.links.preferences(SubscriberId.parse(ukrainian.id())));
			open(page, preferences);
			speaks(page, "uk", "page.preferences.title", "page.preferences.save");
			open(page, Web.path(this.links.unsubscribe(SubscriberId.parse(ukrainian.id()))));
			speaks(page, "uk", "page.unsubscribe.heading", "page.unsubscribe.button");
			open(page, Web.path(confirmLink(List.of("uk"))));
			speaks(page, "uk", "page.confirm.title", "confirm.button");

			page.getByRole(AriaRole.NAVIGATION).getByText("Français").click();
			speaks(page, "fr", "page.confirm.title", "confirm.button");
			open(page, preferences);
			speaks(page, "uk", "page.preferences.title", "page.preferences.save");
		}
	}

	@Test
	void anArabicPageIsLaidOutRightToLeftWithTheAddressKeptLeftToRight() throws Exception {
		Subscriber arabic = withLanguages(
				Fixtures.insert(this.mongo, "layla.haddad@example.org", SubscriberStatus.CONFIRMED, CAMPAIGN),
				List.of("ar"));
		try (BrowserContext context = this.browser.newContext(new Browser.NewContextOptions().setLocale("ar")
			.setViewportSize(800, 900)
			.setJavaScriptEnabled(false))) {
			Page page = context.newPage();
			open(page, Web.path(this.links.preferences(SubscriberId.parse(arabic.id()))));
			speaks(page, "ar", "page.preferences.title", "page.preferences.save");

			assertThat(page.evaluate("() => document.dir")).isEqualTo("rtl");
			assertThat(page.evaluate("() => getComputedStyle(document.body).direction")).isEqualTo("rtl");
			assertThat(page.evaluate("() => getComputedStyle(document.querySelector('#email')).direction"))
				.isEqualTo("ltr");
			assertThat(page.locator("#email").textContent()).isEqualTo("layla.haddad@example.org");
			// The heading's text starts at the right edge of the page's column.
			Number gap = (Number) page.evaluate("() => { const h1 = document.querySelector('h1');"
					+ " const range = document.createRange(); range.selectNodeContents(h1);"
					+ " return h1.getBoundingClientRect().right - range.getBoundingClientRect().right; }");
			assertThat(gap.doubleValue()).isBetween(-1.0, 1.0);

			String screenshots = System.getProperty("screenshots");
			if (screenshots != null && !screenshots.isBlank()) {
				Path directory = Path.of(screenshots);
				if (!directory.isAbsolute() && !Files.isDirectory(directory.getParent())
						&& Files.isDirectory(Path.of("..").resolve(directory.getParent()))) {
					// Maven runs the tests in the module; the path is the repository's.
					directory = Path.of("..").resolve(directory);
				}
				Files.createDirectories(directory);
				page.screenshot(new Page.ScreenshotOptions().setPath(directory.resolve("preferences-ar.png"))
					.setFullPage(false));
			}
		}
	}

	private void open(Page page, String path) {
		page.navigate(this.base + path);
	}

	/**
	 * Asserts a page's language and direction, that its heading is the given message in
	 * that language, and that in another language than English neither it nor any other
	 * given message shows in English.
	 */
	private void speaks(Page page, String language, String headingKey, String... otherKeys) {
		// After a click the new page may still be arriving: read it whole.
		page.waitForLoadState(LoadState.LOAD);
		Locale locale = Locale.forLanguageTag(language);
		assertThat(page.locator("html").getAttribute("lang")).as(page.url()).isEqualTo(language);
		assertThat(page.locator("html").getAttribute("dir")).as(page.url()).isEqualTo(ServiceWords.direction(locale));
		String text = text(page);
		assertThat(text).as(page.url()).doesNotContain("??");
		if (headingKey != null) {
			assertThat(page.locator("h1").textContent().strip()).as(page.url())
				.isEqualTo(this.words.getMessage(headingKey, null, locale));
		}
		for (String key : Stream.concat(Stream.ofNullable(headingKey), Stream.of(otherKeys)).toList()) {
			assertThat(text).as(page.url() + " " + key).contains(this.words.getMessage(key, null, locale));
			if (!language.equals("en")) {
				assertThat(text).as(page.url() + " in " + language + " " + key)
					.doesNotContain(this.words.getMessage(key, null, Locale.ENGLISH));
			}
		}
	}

	private static String text(Page page) {
		return page.locator("body").innerText();
	}

	private String confirmLink(List<String> languages) {
		Subscriber pending = withLanguages(
				Fixtures.insert(this.mongo, Fixtures.newAddress("pending"), SubscriberStatus.PENDING, CAMPAIGN),
				languages);
		String nonce = UUID.randomUUID().toString();
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(pending.id())),
				Update.update("confirmationNonce", nonce), Subscriber.class);
		return this.links.confirm(SubscriberId.parse(pending.id()), nonce);
	}

	private Subscriber withLanguages(Subscriber subscriber, List<String> languages) {
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(subscriber.id())),
				Update.update("languages", languages), Subscriber.class);
		return subscriber;
	}

}
