package org.solidarityalerts.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dispatch.mail.SubscriberLinks;
import org.solidarityalerts.dispatch.subscriber.Cadence;
import org.solidarityalerts.dispatch.subscriber.Preferences;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.Role;
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
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every GET route of ingest, dispatch and the dashboard, read from each service's own
 * request mappings (controllers, OpenAPI and actuator endpoints alike, so a new page
 * cannot escape), is requested as its user would request it (with an API key, a session,
 * a signed link) and its answer's security headers are checked: HTML pages carry a
 * content security policy that allows no inline script, refuse framing, say what referrer
 * to send, and are never sniffed; JSON is never sniffed, and what needed a key, a session
 * or a token is never cached.
 */
@SpringBootTest(classes = SecurityHeadersIntegrationTests.Servers.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityHeadersIntegrationTests {

	private static final String OPERATOR_PASSWORD = "headers-test-operator";

	/**
	 * Routes whose status is not the point here: the error page, and health, which
	 * mongo-java-server makes {@code DOWN} (503: it does not know the {@code hello}
	 * command the MongoDB health indicator sends).
	 */
	private static final Set<String> ANY_STATUS = Set.of("/error", "/actuator/health");

	private static final Pattern CONFIRM_LINK = Pattern.compile("/confirm/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

	@Autowired
	KafkaConnectionDetails kafka;

	@Autowired
	MongoConnectionDetails mongo;

	@Autowired
	Environment environment;

	@Autowired
	Mailbox mailbox;

	ServiceStack stack;

	String organiserKey;

	String alertId;

	String webhookId;

	@BeforeAll
	void start() throws Exception {
		this.stack = ServiceStack.start(TestServers.properties(this.kafka, this.mongo, this.environment),
				Map.of("server.port", 0),
				Map.of("server.port", 0, "alert.dispatch.subscription.list-import.operator-password",
						"{noop}" + OPERATOR_PASSWORD),
				DemoData.dashboard(0, "127.0.0.1",
						Integer.parseInt(this.environment.getRequiredProperty("spring.mail.port"))));
		this.organiserKey = this.stack.ingest()
			.getBean(ApiKeys.class)
			.issue("justice-for-dana", Role.ORGANISER, "headers test")
			.key();
		this.alertId = postAlert();
		this.webhookId = registerWebhook();
		// The public archive shows the alert once the relay has published it.
		Client anyone = new Client(this.stack.ingestPort(), null);
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> anyone.get("/public/alerts/" + this.alertId, "text/html").status() == 200);
	}

	@AfterAll
	void stop() {
		if (this.stack != null) {
			this.stack.close();
		}
	}

	@Test
	void everyPageOfTheOrganisersApiCarriesTheSecurityHeaders() throws Exception {
		Client organiser = new Client(this.stack.ingestPort(), "Bearer " + this.organiserKey);
		Map<String, String> paths = new java.util.HashMap<>(Map.ofEntries(
				Map.entry("/api/v1/alerts/{id}", "/api/v1/alerts/" + this.alertId),
				Map.entry("/api/v1/alerts/{id}/actions-reported",
						"/api/v1/alerts/" + this.alertId + "/actions-reported"),
				Map.entry("/api/v1/webhooks/{id}/deliveries", "/api/v1/webhooks/" + this.webhookId + "/deliveries"),
				Map.entry("/public/alerts/{id}", "/public/alerts/" + this.alertId),
				Map.entry("/public/campaigns/{organisation}/{campaign}",
						"/public/campaigns/justice-for-dana/free-dana-serikova"),
				Map.entry("/public/campaigns/{organisation}/{campaign}/feed.atom",
						"/public/campaigns/justice-for-dana/free-dana-serikova/feed.atom"),
				Map.entry("/console/alerts/{id}", "/console/alerts/" + this.alertId),
				Map.entry("/console/alerts/{id}/edit", "/console/alerts/" + this.alertId + "/edit"),
				Map.entry("/console/alerts/{id}/progress", "/console/alerts/" + this.alertId + "/progress"),
				Map.entry("/console/alerts/{id}/actions-reported",
						"/console/alerts/" + this.alertId + "/actions-reported"),
				Map.entry("/console/invitations/{token}", "/console/invitations/not-a-token")));
		// Operators only: an organisation's key is refused (403), with the headers.
		paths.put("/api/v1/admin/organisations/{organisation}/console-users",
				"/api/v1/admin/organisations/justice-for-dana/console-users");

		List<Answer> answers = requestEveryGetRoute(this.stack.ingest(), organiser, paths,
				Set.of("/actuator/prometheus", "/actuator", "/console/invitations/not-a-token",
						"/api/v1/admin/organisations/justice-for-dana/console-users"));

		assertThat(answers).extracting(Answer::path)
			.contains("/api/v1/alerts", "/api/v1/campaigns", "/v3/api-docs", "/swagger-ui/index.html");
		assertSecurityHeaders(answers, (answer) -> answer.path().startsWith("/api/"));
	}

	@Test
	void everyPageOfTheSubscribersServiceCarriesTheSecurityHeaders() throws Exception {
		Subscriber subscriber = subscriber();
		SubscriberLinks links = this.stack.dispatch().getBean(SubscriberLinks.class);
		String preferences = URI.create(links.preferences(SubscriberId.parse(subscriber.id()))).getRawPath();
		Map<String, String> paths = Map.of("/confirm/{token}", confirmationPath(), "/preferences/{token}", preferences,
				"/preferences/{token}/export", preferences + "/export", "/unsubscribe/{token}",
				URI.create(links.unsubscribe(SubscriberId.parse(subscriber.id()))).getRawPath(), "/acted/{token}",
				URI.create(links.acted(SubscriberId.parse(subscriber.id()),
						new AlertVersion(AlertId.parse(this.alertId), 1), 0, "write"))
					.getRawPath(),
				"/subscribe/page/{name}", "/subscribe/page/acted-done");
		Client operator = new Client(this.stack.dispatchPort(), "Basic " + Base64.getEncoder()
			.encodeToString(("operator:" + OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8)));

		// The subscribers' paths that lead nowhere answer 404 on a page of their own
		// (StatelessPages).
		List<Answer> answers = requestEveryGetRoute(this.stack.dispatch(), operator, paths,
				Set.of("/actuator/prometheus", "/actuator/info", "/actuator", "/subscribe/liveness",
						"/confirm/liveness", "/preferences/liveness", "/unsubscribe/liveness", "/acted/liveness"));

		assertThat(answers).extracting(Answer::path)
			.contains("/subscribe", paths.get("/confirm/{token}"), preferences, preferences + "/export",
					"/api/v1/embassies");
		assertSecurityHeaders(answers, (answer) -> answer.path().startsWith("/api/")
				|| answer.path().startsWith("/preferences/") || answer.path().startsWith("/confirm/"));
	}

	@Test
	void everyPageOfTheDashboardCarriesTheSecurityHeaders() throws Exception {
		Client viewer = new Client(this.stack.dashboardPort(), null);
		viewer.logIn(DemoData.OPERATOR, DemoData.OPERATOR_PASSWORD);
		Map<String, String> paths = Map.of("/alerts/{id}", "/alerts/" + this.alertId, "/live/{view}", "/live/board");

		List<Answer> answers = requestEveryGetRoute(this.stack.dashboard(), viewer, paths, Set.of());

		assertThat(answers).extracting(Answer::path)
			.contains("/", "/login", "/topics", "/dead-letters", "/status", "/audit", "/throughput",
					"/alerts/" + this.alertId);
		assertSecurityHeaders(answers, (answer) -> !answer.path().startsWith("/actuator/health")
				&& !answer.path().equals("/login") && !answer.path().equals("/actuator/prometheus"));
	}

	/**
	 * In one JVM, as the local stack runs them, each service answers an address that
	 * leads nowhere and a query Tomcat cannot decode in its own way: no service renders
	 * another's error page (a template found on the shared class path), none answers 500.
	 */
	@Test
	void eachServiceAnswersAnUnknownAddressAndAnUnreadableQueryInItsOwnWay() throws Exception {
		Client anyone = new Client(this.stack.ingestPort(), null);
		Client reader = new Client(this.stack.dispatchPort(), null);
		Client viewer = new Client(this.stack.dashboardPort(), null);
		viewer.logIn(DemoData.OPERATOR, DemoData.OPERATOR_PASSWORD);
		String browser = "text/html,application/xhtml+xml,*/*;q=0.8";

		Answer console = anyone.get("/console/login?error=%FF", browser);
		Answer api = anyone.get("/api/v1/alerts?status=%FF", "application/json");
		Answer form = reader.get("/subscribe?campaign=%FF", browser);
		Answer board = viewer.get("/?state=%FF", browser);
		Answer nowhere = viewer.get("/nothing-here", browser);

		assertThat(console.status()).as(console.start()).isEqualTo(400);
		assertThat(console.start()).contains("<title>The request could not be read · Solidarity alerts console");
		assertThat(api.status()).as(api.start()).isEqualTo(400);
		assertThat(api.contentType()).isEqualTo("application/problem+json");
		assertThat(form.status()).as(form.start()).isEqualTo(400);
		assertThat(form.start()).contains("<title>We could not read what your browser sent · Solidarity alerts");
		assertThat(board.status()).as(board.start()).isEqualTo(400);
		assertThat(board.start()).contains("<title>The request could not be read · Solidarity alerts dashboard");
		assertThat(nowhere.status()).as(nowhere.start()).isEqualTo(404);
		assertThat(nowhere.start()).contains("<title>No page at this address · Solidarity alerts dashboard");
	}

	/**
	 * Requests every GET route of a service, following redirects within it.
	 * @param service the service's context
	 * @param client who asks
	 * @param paths how to fill each route that has path variables
	 * @param refused routes the service refuses to everyone
	 */
	private List<Answer> requestEveryGetRoute(ConfigurableApplicationContext service, Client client,
			Map<String, String> paths, Set<String> refused) throws Exception {
		List<Answer> answers = new ArrayList<>();
		Set<String> unfilled = new TreeSet<>();
		for (Route route : getRoutes(service)) {
			String path = route.pattern().contains("{") ? paths.get(route.pattern()) : route.pattern();
			if (path == null) {
				unfilled.add(route.pattern());
				continue;
			}
			Answer answer = client.get(path, route.accept());
			answers.add(answer);
			for (int hops = 0; answer.status() / 100 == 3 && hops < 3; hops++) {
				String location = answer.headers().firstValue("Location").orElseThrow();
				URI target = URI.create("http://localhost:" + client.port).resolve(location);
				assertThat(target.getPort()).as("%s redirects within the service", path).isEqualTo(client.port);
				answer = client.get(
						target.getRawPath() + ((target.getRawQuery() != null) ? "?" + target.getRawQuery() : ""),
						route.accept());
				answers.add(answer);
			}
			if (refused.contains(path) || ANY_STATUS.contains(path)) {
				continue;
			}
			assertThat(answer.status()).as("GET %s: %s", path, answer.start()).isLessThan(400);
		}
		assertThat(unfilled).as("routes with path variables this test does not know how to fill: add them").isEmpty();
		return answers;
	}

	/**
	 * The GET routes of a service, from every request-mapping handler mapping in its
	 * context (its controllers, springdoc's and the actuator's).
	 */
	private static List<Route> getRoutes(ConfigurableApplicationContext service) {
		List<Route> routes = new ArrayList<>();
		for (RequestMappingInfoHandlerMapping mapping : service.getBeansOfType(RequestMappingInfoHandlerMapping.class)
			.values()) {
			for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
				Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
				if (!methods.isEmpty() && !methods.contains(RequestMethod.GET)) {
					continue;
				}
				String accept = info.getProducesCondition()
					.getProducibleMediaTypes()
					.stream()
					.findFirst()
					.map(MediaType::toString)
					.orElse("text/html,application/json;q=0.9,*/*;q=0.8");
				for (String pattern : info.getPatternValues()) {
					routes.add(new Route(pattern.replace("/{*path}", "/liveness").replace("/**", "/liveness"), accept));
				}
			}
		}
		return routes;
	}

	private static void assertSecurityHeaders(List<Answer> answers, java.util.function.Predicate<Answer> personal) {
		assertThat(answers).allSatisfy((answer) -> {
			assertThat(answer.header("X-Content-Type-Options")).as("nosniff on %s", answer).hasValue("nosniff");
			if (answer.isHtml()) {
				String csp = answer.header("Content-Security-Policy")
					.orElseThrow(() -> new AssertionError("No Content-Security-Policy on " + answer));
				String scripts = directive(csp, "script-src").or(() -> directive(csp, "default-src"))
					.orElseThrow(() -> new AssertionError("No script-src nor default-src on " + answer));
				assertThat(scripts).as("scripts allowed on %s", answer)
					.doesNotContain("'unsafe-inline'")
					.doesNotContain("'unsafe-eval'")
					.doesNotContain("*")
					.doesNotContain("data:");
				assertThat(directive(csp, "frame-ancestors").orElse("")
						+ answer.header("X-Frame-Options").orElse("").toLowerCase(Locale.ROOT))
					.as("framing refused on %s", answer)
					.containsAnyOf("'none'", "deny");
				assertThat(directive(csp, "base-uri")).as("base-uri on %s", answer).isPresent();
				assertThat(answer.header("Referrer-Policy")).as("Referrer-Policy on %s", answer)
					.hasValueSatisfying((policy) -> assertThat(policy).isIn("no-referrer", "same-origin",
							"strict-origin", "strict-origin-when-cross-origin"));
			}
			if (personal.test(answer) && (answer.isHtml() || answer.isJson())) {
				assertThat(answer.header("Cache-Control")).as("never cached: %s", answer)
					.hasValueSatisfying((cache) -> assertThat(cache).contains("no-store"));
			}
		});
	}

	private static Optional<String> directive(String csp, String name) {
		for (String directive : csp.split(";")) {
			String trimmed = directive.trim();
			if (trimmed.equals(name) || trimmed.startsWith(name + " ")) {
				return Optional.of(trimmed.substring(name.length()).trim());
			}
		}
		return Optional.empty();
	}

	private String registerWebhook() throws Exception {
		try (HttpClient http = HttpClient.newHttpClient()) {
			HttpResponse<String> response = http.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + this.stack.ingestPort() + "/api/v1/webhooks"))
				.header("Authorization", "Bearer " + this.organiserKey)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"https://hooks.example.org/alerts\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
			return WireFormat.jsonMapper().readTree(response.body()).path("id").asString();
		}
	}

	private String postAlert() throws Exception {
		String example = Files.readString(Path.of("../docs/examples/urgent-action.json"), StandardCharsets.UTF_8);
		String body = example.replace("2027-11-25T09:00:00Z", Instant.now().plus(3, ChronoUnit.DAYS).toString());
		try (HttpClient http = HttpClient.newHttpClient()) {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + this.stack.ingestPort() + "/api/v1/alerts"))
						.header("Authorization", "Bearer " + this.organiserKey)
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
			return WireFormat.jsonMapper().readTree(response.body()).path("id").asString();
		}
	}

	private Subscriber subscriber() {
		String email = "headers-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
		Instant now = Instant.now();
		return this.stack.dispatch()
			.getBean(MongoTemplate.class)
			.insert(new Subscriber(UUID.randomUUID().toString(), email, email, "Amina", "GB", List.of("en"),
					"Europe/London", SubscriberStatus.CONFIRMED, new Preferences(List.of("free-dana-serikova"),
							List.of(), List.of(AlertKind.values()), Cadence.IMMEDIATE),
					now, now));
	}

	/**
	 * Signs up through the API and takes the link from the confirmation e-mail.
	 */
	private String confirmationPath() throws Exception {
		String email = "confirm-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
		try (HttpClient http = HttpClient.newHttpClient()) {
			HttpResponse<String> answer = http.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + this.stack.dispatchPort() + "/api/v1/subscriptions"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("""
						{"email": "%s", "campaigns": ["free-dana-serikova"], "consent": true}""".formatted(email)))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> !this.mailbox.receivedBy(email).isEmpty());
		Matcher link = CONFIRM_LINK.matcher(Mails.text(this.mailbox.receivedBy(email).getFirst()));
		assertThat(link.find()).isTrue();
		return link.group();
	}

	/**
	 * A GET route.
	 *
	 * @param pattern its path pattern
	 * @param accept what to ask for
	 */
	private record Route(String pattern, String accept) {
	}

	/**
	 * What a GET answered.
	 *
	 * @param path the path asked for
	 * @param status the status
	 * @param headers the headers
	 * @param start the start of the body, for failure messages
	 */
	private record Answer(String path, int status, HttpHeaders headers, String start) {

		Optional<String> header(String name) {
			return this.headers.firstValue(name);
		}

		String contentType() {
			return header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
		}

		boolean isHtml() {
			return contentType().startsWith("text/html");
		}

		boolean isJson() {
			return contentType().contains("json");
		}

		@Override
		public String toString() {
			return "GET " + this.path + " (" + this.status + " " + contentType() + ")";
		}

	}

	/**
	 * One user of a service: a cookie jar, and an Authorization header if they have one.
	 */
	private static final class Client {

		private final int port;

		private final String authorization;

		private final HttpClient http;

		Client(int port, String authorization) {
			this.port = port;
			this.authorization = authorization;
			this.http = HttpClient.newBuilder()
				.cookieHandler(new CookieManager())
				.followRedirects(HttpClient.Redirect.NEVER)
				.connectTimeout(Duration.ofSeconds(5))
				.build();
		}

		void logIn(String name, String password) throws Exception {
			Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"")
				.matcher(send(request("/login", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString())
					.body());
			assertThat(token.find()).as("the login page has a CSRF token").isTrue();
			HttpResponse<String> loggedIn = send(
					request("/login", "text/html").header("Content-Type", "application/x-www-form-urlencoded")
						.POST(HttpRequest.BodyPublishers.ofString("username=" + encode(name) + "&password="
								+ encode(password) + "&_csrf=" + encode(token.group(1))))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(loggedIn.headers().firstValue("Location"))
				.hasValueSatisfying((location) -> assertThat(location).doesNotContain("error"));
		}

		Answer get(String path, String accept) throws Exception {
			// Streams (server-sent events) never end: read the headers, then hang up.
			HttpResponse<InputStream> response = send(request(path, accept).GET().build(),
					HttpResponse.BodyHandlers.ofInputStream());
			String start;
			try (InputStream body = response.body()) {
				start = response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream") ? ""
						: new String(body.readNBytes(300), StandardCharsets.UTF_8);
			}
			return new Answer(path, response.statusCode(), response.headers(), start);
		}

		private HttpRequest.Builder request(String path, String accept) {
			HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.timeout(Duration.ofSeconds(30))
				.header("Accept", accept);
			if (this.authorization != null) {
				builder.header("Authorization", this.authorization);
			}
			return builder;
		}

		private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
				throws IOException, InterruptedException {
			return this.http.send(request, body);
		}

		private static String encode(String value) {
			return URLEncoder.encode(value, StandardCharsets.UTF_8);
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ KafkaAutoConfiguration.class, MongoAutoConfiguration.class })
	@Import(TestInfrastructure.class)
	static class Servers {

	}

}
