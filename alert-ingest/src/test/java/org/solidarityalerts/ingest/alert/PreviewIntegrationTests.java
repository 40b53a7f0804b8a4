package org.solidarityalerts.ingest.alert;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.ingest.Api;
import org.solidarityalerts.ingest.Api.Reply;
import org.solidarityalerts.ingest.Drafts;
import org.solidarityalerts.ingest.IngestIntegrationTest;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.Role;
import org.solidarityalerts.testsupport.TestClock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Organisers preview a draft or a stored alert through ingest, which builds the snapshot
 * as its outbox does and asks dispatch's internal API (here a stub that checks the
 * service token) to render it; test sends go only to the organisation's verified test
 * address.
 */
@IngestIntegrationTest
class PreviewIntegrationTests {

	private static final String TOKEN = "stub-dispatch-token";

	private static final int TEST_SENDS_PER_MINUTE = 2;

	private static final List<Call> calls = new CopyOnWriteArrayList<>();

	private static final HttpServer dispatch = stubDispatch();

	@LocalServerPort
	int port;

	@Autowired
	ApiKeys apiKeys;

	@Autowired
	TestClock clock;

	@Autowired
	MongoTemplate mongo;

	Api api;

	String organisation;

	String key;

	@DynamicPropertySource
	static void dispatchStub(DynamicPropertyRegistry registry) {
		registry.add("alert.ingest.preview.dispatch-url", () -> "http://127.0.0.1:" + dispatch.getAddress().getPort());
		registry.add("alert.ingest.preview.token", () -> TOKEN);
		registry.add("alert.ingest.preview.test-sends-per-minute", () -> TEST_SENDS_PER_MINUTE);
	}

	@AfterAll
	static void stopStub() {
		dispatch.stop(0);
	}

	@BeforeEach
	void organiser() {
		this.api = new Api(this.port);
		this.organisation = "org-" + UUID.randomUUID().toString().substring(0, 8);
		this.key = this.apiKeys.issue(this.organisation, Role.ORGANISER, "test").key();
		calls.clear();
	}

	@Test
	void aDraftIsPreviewedByDispatchAsTheOutboxWouldPublishItAndNothingIsStored() {
		long stored = this.mongo.count(new Query(), StoredAlert.class);

		Reply reply = this.api.post("/api/v1/previews", this.key, request(draft(), null).toString());

		assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
		assertThat(reply.json().path("subject").asString()).isEqualTo("Голодовка Даны Сериковой");
		assertThat(reply.json().path("html").asString()).contains("<p>");
		assertThat(reply.json().path("text").asString()).isNotBlank();
		assertThat(reply.json().path("language").asString()).isEqualTo("ru");
		assertThat(calls).hasSize(1);
		Call call = calls.getFirst();
		assertThat(call.path()).isEqualTo("/internal/v1/previews");
		assertThat(call.authorization()).isEqualTo("Bearer " + TOKEN);
		assertThat(call.body().at("/alert/organisation").asString()).isEqualTo(this.organisation);
		assertThat(call.body().at("/alert/version").asInt()).isEqualTo(1);
		assertThat(call.body().at("/alert/campaign/id").asString()).isEqualTo("free-dana-serikova");
		assertThat(call.body().at("/alert/content/en/title").asString())
			.isEqualTo("Dana Serikova begins a hunger strike");
		assertThat(call.body().at("/alert/actions/1/type").asString()).isEqualTo("embassy-protest");
		assertThat(call.body().at("/reader/residenceCountry").asString()).isEqualTo("KZ");
		assertThat(call.body().at("/reader/languages/0").asString()).isEqualTo("ru");
		assertThat(call.body().has("to")).isFalse();
		assertThat(this.mongo.count(new Query(), StoredAlert.class)).isEqualTo(stored);
	}

	@Test
	void anInvalidDraftGetsTheProblemDetailsOfAPostAndIsNeitherRenderedNorStored() {
		ObjectNode draft = draft();
		draft.put("subjectCountry", "XX");
		draft.putObject("campaign").put("id", "Not A Slug").put("name", "x");
		long stored = this.mongo.count(new Query(), StoredAlert.class);

		Reply preview = this.api.post("/api/v1/previews", this.key, request(draft, null).toString());
		Reply post = this.api.post("/api/v1/alerts", this.key, draft.toString());

		assertThat(preview.status()).isEqualTo(400);
		assertThat(preview.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(preview.problemFields()).containsExactlyInAnyOrder("subjectCountry", "campaign.id");
		assertThat(preview.json().path("errors")).isEqualTo(post.json().path("errors"));
		assertThat(preview.json().path("title").asString()).isEqualTo(post.json().path("title").asString());
		assertThat(calls).isEmpty();
		assertThat(this.mongo.count(new Query(), StoredAlert.class)).isEqualTo(stored);
	}

	@Test
	void aBadReaderIsRefusedNamingItsFields() {
		ObjectNode request = request(draft(), null);
		request.putObject("reader")
			.put("residenceCountry", "Kazakhstan")
			.put("timeZone", "Mars/Olympus")
			.putArray("languages")
			.add("not a language");

		Reply reply = this.api.post("/api/v1/previews", this.key, request.toString());

		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.problemFields()).containsExactlyInAnyOrder("reader.languages[0]", "reader.residenceCountry",
				"reader.timeZone");
		assertThat(calls).isEmpty();
	}

	@Test
	void aStoredAlertIsPreviewedAsItStandsAndAnotherOrganisationsIsNotFound() {
		Reply posted = this.api.post("/api/v1/alerts", this.key, draft().toString());
		String id = posted.json().path("id").asString();
		String otherKey = this.apiKeys.issue("another-" + this.organisation, Role.ORGANISER, "test").key();

		Reply mine = this.api.post("/api/v1/previews", this.key, request(null, id).toString());
		Reply theirs = this.api.post("/api/v1/previews", otherKey, request(null, id).toString());

		assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
		assertThat(calls).hasSize(1);
		assertThat(calls.getFirst().body().at("/alert/id").asString()).isEqualTo(id);
		assertThat(theirs.status()).isEqualTo(404);
		assertThat(theirs.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(calls).hasSize(1);
	}

	@Test
	void aTestSendGoesOnlyToTheTestAddressTheOperatorVerified() {
		String body = request(draft(), null).toString();
		Reply none = this.api.post("/api/v1/previews/test-sends", this.key, body);
		assertThat(none.status()).isEqualTo(409);
		assertThat(none.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(this.api
			.put("/api/v1/admin/organisations/" + this.organisation + "/test-address", this.key,
					"{\"address\": \"me@attacker.example.org\", \"verified\": true}")
			.status()).isEqualTo(403);
		assertThat(this.api
			.put("/api/v1/admin/organisations/" + this.organisation + "/test-address",
					IngestIntegrationTest.OPERATOR_KEY, "{\"address\": \"press@org.example.org\"}")
			.problemFields()).containsExactly("verified");
		Reply set = this.api.put("/api/v1/admin/organisations/" + this.organisation + "/test-address",
				IngestIntegrationTest.OPERATOR_KEY, "{\"address\": \"press@org.example.org\", \"verified\": true}");
		assertThat(set.status()).as(set.toString()).isEqualTo(200);
		assertThat(set.json().path("testAddressVerifiedBy").asString()).isNotBlank();
		ObjectNode chosen = request(draft(), null);
		chosen.put("to", "someone-else@example.org");

		Reply refused = this.api.post("/api/v1/previews/test-sends", this.key, chosen.toString());
		Reply sent = this.api.post("/api/v1/previews/test-sends", this.key, body);

		assertThat(refused.status()).isEqualTo(400);
		assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
		assertThat(sent.json().path("status").asString()).isEqualTo("sent");
		assertThat(sent.json().at("/preview/subject").asString()).startsWith("[ТЕСТ]");
		assertThat(calls).hasSize(1);
		assertThat(calls.getFirst().path()).isEqualTo("/internal/v1/previews/test-sends");
		assertThat(calls.getFirst().body().path("to").asString()).isEqualTo("press@org.example.org");
		assertThat(this.api
			.delete("/api/v1/admin/organisations/" + this.organisation + "/test-address",
					IngestIntegrationTest.OPERATOR_KEY)
			.status()).isEqualTo(204);
		assertThat(this.api.post("/api/v1/previews/test-sends", this.key, body).status()).isEqualTo(409);
		assertThat(calls).hasSize(1);
	}

	@Test
	void testSendsAreLimitedPerOrganisation() {
		this.api.put("/api/v1/admin/organisations/" + this.organisation + "/test-address",
				IngestIntegrationTest.OPERATOR_KEY, "{\"address\": \"press@org.example.org\", \"verified\": true}");
		String secondKey = this.apiKeys.issue(this.organisation, Role.ORGANISER, "second").key();
		String body = request(draft(), null).toString();

		for (int i = 0; i < TEST_SENDS_PER_MINUTE; i++) {
			assertThat(this.api.post("/api/v1/previews/test-sends", (i % 2 == 0) ? this.key : secondKey, body).status())
				.isEqualTo(200);
		}
		Reply refused = this.api.post("/api/v1/previews/test-sends", secondKey, body);

		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.header("Retry-After")).isNotBlank();
		assertThat(calls).hasSize(TEST_SENDS_PER_MINUTE);
	}

	private ObjectNode draft() {
		return Drafts.of("urgent-action", this.clock.instant());
	}

	private static ObjectNode request(ObjectNode draft, String alertId) {
		ObjectNode request = WireFormat.jsonMapper().createObjectNode();
		if (draft != null) {
			request.set("alert", draft);
		}
		if (alertId != null) {
			request.put("alertId", alertId);
		}
		ObjectNode reader = request.putObject("reader");
		reader.putArray("languages").add("ru").add("en");
		reader.put("residenceCountry", "KZ").put("timeZone", "Asia/Almaty").put("name", "Айгерим");
		return request;
	}

	private static HttpServer stubDispatch() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/internal/v1/previews", PreviewIntegrationTests::answer);
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void answer(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			if (!("Bearer " + TOKEN).equals(authorization)) {
				exchange.sendResponseHeaders(401, -1);
				return;
			}
			JsonNode body = WireFormat.jsonMapper().readTree(exchange.getRequestBody().readAllBytes());
			calls.add(new Call(path, authorization, body));
			String preview = "{\"subject\": \"%sГолодовка Даны Сериковой\", \"html\": \"<p>Уважаемая Айгерим,</p>\", "
					+ "\"text\": \"Уважаемая Айгерим,\", \"language\": \"ru\", \"wordsLanguage\": \"ru\"}";
			String answer = path.endsWith("/test-sends")
					? "{\"status\": \"sent\", \"code\": 250, \"detail\": \"OK\", \"preview\": "
							+ preview.formatted("[ТЕСТ] ") + "}"
					: preview.formatted("");
			byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, bytes.length);
			exchange.getResponseBody().write(bytes);
		}
	}

	private record Call(String path, String authorization, JsonNode body) {
	}

}
