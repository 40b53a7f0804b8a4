package org.solidarityalerts.ingest.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jspecify.annotations.Nullable;
import org.mongodb.spring.session.MongoSession;
import org.solidarityalerts.ingest.IngestApplication;
import org.solidarityalerts.ingest.IngestIntegrationTest;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.Role;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.session.SessionRepository;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

/**
 * Two instances of ingest behind one address, through real servers and an HTTP client
 * that keeps cookies as a browser does. The console's sessions are kept in MongoDB: with
 * two instances of ingest behind one address (here the browser is sent to one, then the
 * other, as a proxy may), an organiser signed in on one is served by the other, which
 * takes the form tokens the first gave, and a logout on either ends the session on both;
 * the second instance is started after the sign-in, as after a restart or an upgrade. The
 * session from before a sign-in is removed when the id changes, and no login name is
 * stored beside the session. A session that cannot be read back (a class this service
 * does not admit, or bytes that are not a session) is treated as absent: its organiser is
 * asked to log in, with a warning in the log, not a failure. The limits hold for both
 * instances together: wrong passwords sent to either count towards one login throttle,
 * and an API key's requests to either towards one allowance.
 */
@IngestIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class TwoInstancesIntegrationTests {

	private static ConfigurableApplicationContext other;

	@LocalServerPort
	int port;

	@Autowired
	WebApplicationContext context;

	@Autowired
	ApiKeys apiKeys;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	MongoConnectionDetails mongoConnection;

	@Autowired
	KafkaConnectionDetails kafkaConnection;

	@Autowired
	Environment environment;

	@Autowired
	SessionRepository<MongoSession> sessions;

	String email;

	@BeforeEach
	void organisationWithAUser() throws Exception {
		MockMvc mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
		ConsoleSignIns signIns = new ConsoleSignIns(mvc, this.apiKeys);
		String organisation = "org-" + UUID.randomUUID().toString().substring(0, 8);
		this.email = "amira." + organisation + "@example.org";
		signIns.setPassword(signIns.invite(organisation, this.email));
	}

	@AfterAll
	static void stopTheOtherInstance() {
		if (other != null) {
			other.close();
			other = null;
		}
	}

	@Test
	void anOrganiserSignedInOnOneInstanceIsServedByAnotherAndLogsOutOfBoth() throws Exception {
		CookieBrowser browser = new CookieBrowser(this.port);
		assertThat(CookieBrowser.redirect(browser.logIn(this.email))).isEqualTo("/console/alerts");
		HttpResponse<String> compose = browser.get("/console/alerts/new");
		assertThat(compose.statusCode()).isEqualTo(200);
		String token = CookieBrowser.csrf(compose);

		int second = otherInstancePort();
		HttpResponse<String> alerts = browser.via(second).get("/console/alerts");
		assertThat(alerts.statusCode()).as(alerts.body()).isEqualTo(200);
		assertThat(alerts.body()).contains(this.email);
		// A form the first instance gave, sent to the second.
		HttpResponse<String> logout = browser.post("/console/logout", "_csrf", token);
		assertThat(CookieBrowser.redirect(logout)).isEqualTo("/console/login");
		assertThat(logout.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(URI.create(location).getQuery()).isEqualTo("logout"));

		HttpResponse<String> after = browser.via(this.port).get("/console/alerts");
		assertThat(CookieBrowser.redirect(after)).isEqualTo("/console/login");
	}

	@Test
	void theSessionFromBeforeTheSignInIsRemovedAndNoLoginNameIsStoredBesideIt() throws Exception {
		CookieBrowser browser = new CookieBrowser(this.port);
		String token = browser.loginForm();
		String before = sessionId(browser);
		assertThat(before).isNotNull();
		assertThat(stored(before)).isNotNull();

		assertThat(CookieBrowser.redirect(browser.logIn(this.email, token))).isEqualTo("/console/alerts");

		String after = sessionId(browser);
		assertThat(after).isNotNull().isNotEqualTo(before);
		assertThat(stored(before)).isNull();
		Document session = stored(after);
		assertThat(session).isNotNull();
		assertThat(session.get("principal")).isNull();
		// server.servlet.session.timeout, as the container's sessions had.
		assertThat(Duration.parse(session.get("interval").toString())).isEqualTo(Duration.ofMinutes(30));
		assertThat(Duration.between(session.getDate("accessed").toInstant(), session.getDate("expireAt").toInstant()))
			.isEqualTo(Duration.ofMinutes(30));
		assertThat(session.get("attr")).isInstanceOf(Binary.class);
	}

	/**
	 * A session's id is a bearer secret, so the collection holds only its hash: whoever
	 * reads it (a copied backup) finds no id to sign in with.
	 */
	@Test
	void aSessionIsStoredUnderTheHashOfItsIdAndTheStoredKeyOpensNothing() throws Exception {
		CookieBrowser browser = new CookieBrowser(this.port);
		assertThat(CookieBrowser.redirect(browser.logIn(this.email))).isEqualTo("/console/alerts");
		String id = sessionId(browser);
		List<Document> sessions = this.mongo.findAll(Document.class, ConsoleSessions.COLLECTION);
		assertThat(sessions).isNotEmpty().noneSatisfy((session) -> {
			assertThat(session.toJson()).contains(id);
			assertThat(new String(((Binary) session.get("attr")).getData(), StandardCharsets.ISO_8859_1)).contains(id);
		});
		Document stored = stored(id);
		assertThat(stored).isNotNull();

		CookieBrowser copied = new CookieBrowser(this.port);
		copied.cookie("SESSION",
				Base64.getEncoder().encodeToString(stored.getString("_id").getBytes(StandardCharsets.US_ASCII)));
		assertThat(CookieBrowser.redirect(copied.get("/console/alerts"))).isEqualTo("/console/login");
		assertThat(browser.get("/console/alerts").statusCode()).isEqualTo(200);
	}

	@Test
	void aRequestThatChangedNothingNeitherWritesOverAnotherNorBringsBackASessionLoggedOutMeanwhile() throws Exception {
		CookieBrowser browser = new CookieBrowser(this.port);
		HttpResponse<String> signedIn = browser.logIn(this.email);
		assertThat(CookieBrowser.redirect(signedIn)).isEqualTo("/console/alerts");
		String token = CookieBrowser.csrf(browser.get("/console/alerts/new"));
		String id = sessionId(browser);

		// A live preview reads the session; meanwhile the form is published, which
		// stores a flash attribute; the preview ends after it.
		MockHttpServletRequest previewRequest = new MockHttpServletRequest();
		MongoSession preview = in(previewRequest, () -> this.sessions.findById(id));
		in(new MockHttpServletRequest(), () -> {
			MongoSession publish = this.sessions.findById(id);
			publish.setAttribute("published", "/console/alerts/a-1");
			this.sessions.save(publish);
			return publish;
		});
		Instant accessed = stored(id).getDate("accessed").toInstant().plusSeconds(5);
		preview.setLastAccessedTime(accessed);
		in(previewRequest, () -> {
			this.sessions.save(preview);
			return preview;
		});

		MongoSession after = in(new MockHttpServletRequest(), () -> this.sessions.findById(id));
		assertThat(after.<String>getAttribute("published")).isEqualTo("/console/alerts/a-1");
		assertThat(stored(id).getDate("accessed").toInstant()).isEqualTo(accessed);

		// A page read, and a form that changes the session, both before a logout in
		// another tab and ending after it.
		MockHttpServletRequest pageRequest = new MockHttpServletRequest();
		MongoSession page = in(pageRequest, () -> this.sessions.findById(id));
		MockHttpServletRequest formRequest = new MockHttpServletRequest();
		MongoSession form = in(formRequest, () -> this.sessions.findById(id));
		assertThat(CookieBrowser.redirect(browser.post("/console/logout", "_csrf", token))).isEqualTo("/console/login");
		assertThat(stored(id)).isNull();
		in(pageRequest, () -> {
			this.sessions.save(page);
			return page;
		});
		in(formRequest, () -> {
			form.setAttribute("published", "/console/alerts/a-2");
			this.sessions.save(form);
			return form;
		});
		assertThat(stored(id)).isNull();
	}

	@Test
	void aSessionThatCannotBeReadBackIsTreatedAsAbsent(CapturedOutput output) throws Exception {
		for (byte[] unreadable : new byte[][] { serialised(URI.create("https://example.org/")),
				serialised(new NotAdmitted("x")), "not a session".getBytes() }) {
			CookieBrowser browser = new CookieBrowser(this.port);
			assertThat(CookieBrowser.redirect(browser.logIn(this.email))).isEqualTo("/console/alerts");
			String id = sessionId(browser);
			this.mongo.updateFirst(Query.query(Criteria.where("_id").is(ConsoleSessions.Store.key(id))),
					new Update().set("attr", new Binary(unreadable)), ConsoleSessions.COLLECTION);

			HttpResponse<String> page = browser.get("/console/alerts");

			assertThat(page.statusCode()).as(page.body()).isEqualTo(302);
			assertThat(CookieBrowser.redirect(page)).isEqualTo("/console/login");
		}
		// Once a request, though Spring Session asks for the session twice.
		assertThat(output.getOut().split("A console session could not be read back \\(", -1)).hasSize(4);
		assertThat(output.getOut()).doesNotContain("Servlet.service()");
	}

	/**
	 * The id of the session a browser holds: its cookie carries it in Base64, as Spring
	 * Session writes it.
	 */
	private static String sessionId(CookieBrowser browser) {
		String cookie = browser.cookie("SESSION");
		assertThat(cookie).isNotNull();
		return new String(Base64.getDecoder().decode(cookie), StandardCharsets.US_ASCII);
	}

	/**
	 * Runs something as Spring Session's filter does, within a request.
	 */
	private static <T> T in(MockHttpServletRequest request, Supplier<T> work) {
		ConsoleSessions.Requests.CURRENT.set(request);
		try {
			return work.get();
		}
		finally {
			ConsoleSessions.Requests.CURRENT.remove();
		}
	}

	private Document stored(String id) {
		return this.mongo.findById(ConsoleSessions.Store.key(id), Document.class, ConsoleSessions.COLLECTION);
	}

	private static byte[] serialised(Object attribute) throws IOException {
		Map<String, Object> attributes = new HashMap<>();
		attributes.put("SPRING_SECURITY_CONTEXT", attribute);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(attributes);
		}
		return bytes.toByteArray();
	}

	/**
	 * A second ingest instance on the same MongoDB and Kafka, started once for the class.
	 */
	@Test
	void wrongPasswordsOnEitherInstanceCountTogetherAndNoNameOrAddressIsStored() throws Exception {
		CookieBrowser browser = new CookieBrowser(this.port);
		String token = browser.loginForm();
		int second = otherInstancePort();
		try {
			for (int i = 0; i < 5; i++) {
				HttpResponse<String> wrong = browser.via((i % 2 == 0) ? this.port : second)
					.post("/console/login", "username", this.email, "password", "wrong password " + i, "_csrf", token);
				assertThat(query(wrong)).as("wrong password %d", i).isEqualTo("error");
			}
			for (int instance : new int[] { this.port, second }) {
				HttpResponse<String> right = browser.via(instance).logIn(this.email, token);
				assertThat(query(right)).as("the right password on either instance").isEqualTo("throttled");
			}
			assertThat(this.mongo.exists(Query.query(Criteria.where("_id").regex("^" + LoginThrottle.name(this.email))),
					LoginThrottle.COLLECTION))
				.isTrue();
			assertThat(this.mongo.findAll(Document.class, LoginThrottle.COLLECTION)).allSatisfy(
					(bucket) -> assertThat(bucket.toJson()).doesNotContain("example.org", "127.0.0.1", "0:0:0:0"));
		}
		finally {
			// The test's client address would stay refused for the other tests.
			this.mongo.remove(Query.query(Criteria.where("_id").regex("^client:")), LoginThrottle.COLLECTION);
		}
	}

	@Test
	void anApiKeysRequestsToEitherInstanceCountTowardsOneAllowance() throws Exception {
		String key = this.apiKeys.issue("org-" + UUID.randomUUID().toString().substring(0, 8), Role.ORGANISER, "site")
			.key();
		int[] instances = { this.port, otherInstancePort() };
		HttpClient client = HttpClient.newHttpClient();
		List<String> remaining = new ArrayList<>();
		for (int i = 0; i < IngestIntegrationTest.REQUESTS_PER_KEY; i++) {
			HttpResponse<String> answer = campaigns(client, instances[i % 2], key);
			assertThat(answer.statusCode()).as("request %d: %s", i, answer.body()).isEqualTo(200);
			remaining.add(answer.headers().firstValue("RateLimit-Remaining").orElseThrow());
		}
		assertThat(remaining).as("the allowance left after each request, on either instance")
			.startsWith(String.valueOf(IngestIntegrationTest.REQUESTS_PER_KEY - 1),
					String.valueOf(IngestIntegrationTest.REQUESTS_PER_KEY - 2))
			.endsWith("0");

		for (int instance : instances) {
			HttpResponse<String> refused = campaigns(client, instance, key);
			assertThat(refused.statusCode()).isEqualTo(429);
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		}
	}

	private static HttpResponse<String> campaigns(HttpClient client, int port, String key)
			throws IOException, InterruptedException {
		return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/campaigns"))
			.header("Authorization", "Bearer " + key)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static @Nullable String query(HttpResponse<String> answer) {
		return answer.headers().firstValue("Location").map((location) -> URI.create(location).getQuery()).orElse(null);
	}

	private int otherInstancePort() {
		if (other == null) {
			// As arguments, which the service's own configuration does not override.
			other = IngestApplication.builder()
				.run("--server.port=0", "--management.server.port=0",
						"--spring.mongodb.uri=" + this.mongoConnection.getConnectionString().getConnectionString(),
						"--spring.mongodb.database=" + this.environment.getProperty("spring.mongodb.database"),
						"--spring.kafka.bootstrap-servers="
								+ String.join(",", this.kafkaConnection.getBootstrapServers()),
						"--alert.ingest.bootstrap.operator-key=" + IngestIntegrationTest.OPERATOR_KEY,
						"--alert.ingest.limits.requests-per-key=" + IngestIntegrationTest.REQUESTS_PER_KEY);
		}
		return ((WebServerApplicationContext) other).getWebServer().getPort();
	}

	/**
	 * A class of the console's own package that no session holds.
	 *
	 * @param value anything
	 */
	record NotAdmitted(String value) implements Serializable {

	}

}
