package org.solidarityalerts.dispatch.subscription;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.testsupport.Browsers;
import org.solidarityalerts.testsupport.Mailbox;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The subscriber's pages in a real headless browser (Chromium from {@link Browsers},
 * driven by Playwright): the sign-up form, the link in the confirmation e-mail, the
 * preferences page and the unsubscribe page, with the content security policy enforced
 * and no script on any page.
 */
@DispatchIntegrationTest
class SubscriptionPagesBrowserTests {

	static Playwright playwright;

	static Browser browser;

	@LocalServerPort
	int port;

	@Autowired
	Mailbox mailbox;

	@Autowired
	MongoTemplate mongo;

	@BeforeAll
	static void startBrowser() {
		playwright = Browsers.playwright();
		browser = Browsers.chromium(playwright);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.close();
		}
		if (playwright != null) {
			playwright.close();
		}
	}

	@Test
	void aPersonSignsUpConfirmsChangesWhatTheyReceiveAndLeavesInTheBrowser() {
		String email = Fixtures.newAddress("browser");
		String base = "http://localhost:" + this.port;
		try (var context = browser.newContext(new Browser.NewContextOptions().setJavaScriptEnabled(false)
			.setExtraHTTPHeaders(Map.of("X-Forwarded-For", Fixtures.newClient())))) {
			Page page = context.newPage();
			List<String> consoleErrors = new ArrayList<>();
			page.onConsoleMessage((message) -> {
				if (message.type().equals("error")) {
					consoleErrors.add(message.text());
				}
			});

			page.navigate(base + "/subscribe?campaign=free-dana-serikova");
			page.getByLabel("Your e-mail address").fill(email);
			page.getByLabel("Your name").fill("Amina Diallo");
			page.getByLabel("Country where you live").selectOption("GB");
			page.getByLabel("Languages you read").selectOption(new String[] { "fr", "en" });
			page.getByLabel("Each alert at once").check();
			page.getByLabel("I want to receive solidarity alerts").check();
			page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
					new Page.GetByRoleOptions().setName("Sign up"))
				.click();

			PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Check your inbox");
			String confirmLink = Fixtures.link(Fixtures.awaitOnlyMail(this.mailbox, email), "/confirm/");
			page.navigate(base + Web.path(confirmLink));
			page.locator("#confirm").click();
			PlaywrightAssertions.assertThat(page.locator("h1")).hasText("You are subscribed");
			assertThat(Fixtures.byEmail(this.mongo, email).status()).isEqualTo(SubscriberStatus.CONFIRMED);

			page.navigate(base + Web.path(page.locator("#preferences").getAttribute("href")));
			PlaywrightAssertions.assertThat(page.getByLabel("Campaigns to follow")).hasValue("free-dana-serikova");
			page.getByLabel("Campaigns to follow").fill("free-dana-serikova, support-the-strikers");
			page.getByLabel("A weekly digest").check();
			page.locator("#save").click();
			PlaywrightAssertions.assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.STATUS))
				.containsText("Saved.");
			Subscriber changed = Fixtures.byEmail(this.mongo, email);
			assertThat(changed.preferences().campaigns()).containsExactly("free-dana-serikova", "support-the-strikers");
			assertThat(changed.preferences().cadence().name()).isEqualTo("WEEKLY");
			page.screenshot(
					new Page.ScreenshotOptions().setPath(Paths.get("target/preferences-page.png")).setFullPage(true));

			page.navigate(base + Web.path(page.locator("#unsubscribe").getAttribute("href")));
			PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Unsubscribe?");
			assertThat(Fixtures.byEmail(this.mongo, email).status()).isEqualTo(SubscriberStatus.CONFIRMED);
			page.locator("#unsubscribe").click();
			PlaywrightAssertions.assertThat(page.locator("h1")).hasText("You are unsubscribed");
			assertThat(Fixtures.byEmail(this.mongo, email).status()).isEqualTo(SubscriberStatus.UNSUBSCRIBED);

			assertThat(consoleErrors).as("no content security policy violations").isEmpty();
		}
	}

	@Test
	void theStylesheetLoadsUnderTheContentSecurityPolicy() {
		try (var context = browser.newContext()) {
			Page page = context.newPage();
			page.navigate("http://localhost:" + this.port + "/subscribe");

			Object font = page.evaluate("() => getComputedStyle(document.body).fontFamily");

			assertThat(String.valueOf(font)).contains("Georgia");
		}
	}

}
