package org.solidarityalerts.ingest.console;

import java.io.IOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.solidarityalerts.ingest.IngestIntegrationTest;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.Role;
import org.solidarityalerts.testsupport.MongoThroughProxy;
import org.solidarityalerts.testsupport.TcpProxy;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

/**
 * The console while MongoDB cannot be reached (a TCP proxy in front of it is taken down),
 * through a real server and an HTTP client that keeps cookies as a browser does: an
 * organiser signed in is told, on a page in the console's style, that the database cannot
 * be reached and to try again in a minute (503, {@code Retry-After}), not shown the API's
 * problem detail; a login meanwhile is neither called a wrong password nor counted as a
 * failed attempt, so the organiser is not locked out once MongoDB is back; the API goes
 * on answering problem details, even to a client that asks for HTML; the public archive
 * answers a supporter's browser with its own page; the log has a line per request, no
 * stack trace.
 */
@IngestIntegrationTest
@Import(MongoThroughProxy.class)
@ExtendWith(OutputCaptureExtension.class)
class ConsoleMongoOutageIntegrationTests {

	private static final String AWAY = "<h1>The console cannot reach its database</h1>";

	@LocalServerPort
	int port;

	@Autowired
	WebApplicationContext context;

	@Autowired
	ApiKeys apiKeys;

	@Autowired
	TcpProxy mongoProxy;

	String organisation;

	String email;

	@BeforeEach
	void organisationWithAUser() throws Exception {
		MockMvc mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
		ConsoleSignIns signIns = new ConsoleSignIns(mvc, this.apiKeys);
		this.organisation = "org-" + UUID.randomUUID().toString().substring(0, 8);
		this.email = "nadia." + this.organisation + "@example.org";
		signIns.setPassword(signIns.invite(this.organisation, this.email));
	}

	@AfterEach
	void mongoBack() {
		this.mongoProxy.up();
	}

	@Test
	void aSignedInOrganiserGetsAConsolePageSayingTheDatabaseIsAway(CapturedOutput output) throws Exception {
		CookieBrowser browser = new CookieBrowser(this.port);
		assertThat(CookieBrowser.redirect(browser.logIn(this.email))).isEqualTo("/console/alerts");
		assertThat(browser.get("/console/alerts").statusCode()).isEqualTo(200);

		this.mongoProxy.down();
		HttpResponse<String> page = browser.get("/console/alerts");

		assertThat(page.statusCode()).as(page.body()).isEqualTo(503);
		assertThat(page.headers().firstValue("Retry-After")).hasValue("30");
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying((policy) -> assertThat(policy).contains("style-src 'self'"));
		assertThat(page.body()).contains(AWAY, "Try again in a minute", "href=\"/console/console.css\"")
			.doesNotContain("\"status\"", "Exception", "org.");
		// The page's style and script come as they are: nothing looks up the session
		// their request carries (the look-up would fail once they were sent, and Tomcat
		// would log it).
		for (String resource : List.of("/console/console.css", "/console/drafts.js")) {
			HttpResponse<String> served = browser.get(resource);
			assertThat(served.statusCode()).as(resource).isEqualTo(200);
			assertThat(served.body()).as(resource).isNotBlank();
		}

		this.mongoProxy.up();
		await().atMost(Duration.ofSeconds(30)).until(() -> browser.get("/console/alerts").statusCode() == 200);
		assertThat(output.getOut()).doesNotContain(this.email, "Servlet.service()");
	}

	@Test
	void aLoginWhileTheDatabaseIsAwayIsNotAWrongPasswordNorCountedAsOne(CapturedOutput output) throws Exception {
		CookieBrowser browser = new CookieBrowser(this.port);
		String token = browser.loginForm();
		this.mongoProxy.down();
		// One more than the failed attempts that lock a name and an address out.
		for (int attempt = 0; attempt <= 5; attempt++) {
			HttpResponse<String> answer = browser.logIn(this.email, token);
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
			assertThat(answer.headers().firstValue("Retry-After")).hasValue("30");
			assertThat(answer.body()).contains(AWAY);
		}
		// A login form read now is one whose session could not be stored: sent while
		// MongoDB is away, it is answered the same.
		CookieBrowser late = new CookieBrowser(this.port);
		String lateToken = late.loginForm();
		HttpResponse<String> lateAnswer = late.logIn(this.email, lateToken);
		assertThat(lateAnswer.statusCode()).as(lateAnswer.body()).isEqualTo(503);
		assertThat(lateAnswer.body()).contains(AWAY);

		this.mongoProxy.up();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> CookieBrowser.redirect(browser.logIn(this.email, token)), "/console/alerts"::equals);
		// A line a request, without a stack trace, neither Tomcat's nor Spring
		// Security's nor Thymeleaf's.
		assertThat(output.getOut())
			.contains("A request to a filter, before its handler stopped, MongoDB cannot be reached (",
					"A console session could not be stored, MongoDB cannot be reached (")
			.doesNotContain("Servlet.service()", "An internal error occurred", "Exception Processing", "THYMELEAF",
					this.email);
	}

	@Test
	void anAddressThatLeadsNowhereInTheConsoleIsAConsolePage() throws Exception {
		CookieBrowser browser = new CookieBrowser(this.port);
		browser.logIn(this.email);

		HttpResponse<String> page = browser.get("/console/nowhere");

		assertThat(page.statusCode()).isEqualTo(404);
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("<h1>No page at this address</h1>", "href=\"/console/console.css\"");
	}

	@Test
	void thePublicArchiveSaysItCannotBeShownForTheMoment() throws Exception {
		this.mongoProxy.down();

		HttpResponse<String> page = new CookieBrowser(this.port)
			.get("/public/campaigns/" + this.organisation + "/free-them");

		assertThat(page.statusCode()).as(page.body()).isEqualTo(503);
		assertThat(page.headers().firstValue("Retry-After")).hasValue("30");
		assertThat(page.body()).contains("<h1>The archive cannot be shown right now</h1>", "Try again in a minute",
				"href=\"/public/archive.css\"");
	}

	@Test
	void theApiAnswersAProblemDetailEvenToAClientThatAsksForHtml() throws Exception {
		String key = this.apiKeys.issue(this.organisation, Role.ORGANISER, "outage test").key();
		this.mongoProxy.down();

		HttpResponse<String> answer = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(uri("/api/v1/alerts"))
				.header("Authorization", "Bearer " + key)
				.header("Accept", "text/html")
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
		assertThat(answer.headers().firstValue("Retry-After")).hasValue("30");
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(answer.body()).contains("cannot reach its database").doesNotContain("<html");
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
