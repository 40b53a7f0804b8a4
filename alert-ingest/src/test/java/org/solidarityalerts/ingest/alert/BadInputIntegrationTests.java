package org.solidarityalerts.ingest.alert;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.solidarityalerts.ingest.Api;
import org.solidarityalerts.ingest.Api.Reply;
import org.solidarityalerts.ingest.Drafts;
import org.solidarityalerts.ingest.IngestIntegrationTest;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.Role;
import org.solidarityalerts.testsupport.TestClock;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.solidarityalerts.ingest.alert.BadDrafts.raw;
import static org.solidarityalerts.ingest.alert.BadDrafts.replace;
import static org.solidarityalerts.ingest.alert.BadDrafts.set;

/**
 * Bad input is answered with a 4xx problem detail that names the field and the reason,
 * and nothing is stored: no alert, no version, no idempotency key. End to end, through
 * the servlet container and into MongoDB: a few bad alerts, bad changes to a stored
 * alert, bodies too large for the container and bytes that are not UTF-8. Every other
 * kind of bad input is in the web slice, {@link BadInputWebTests}.
 */
@IngestIntegrationTest
class BadInputIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	ApiKeys apiKeys;

	@Autowired
	TestClock clock;

	@Autowired
	MongoTemplate mongo;

	Api api;

	String key;

	@BeforeEach
	void organiser() {
		this.api = new Api(this.port);
		this.key = this.apiKeys.issue("org-" + UUID.randomUUID().toString().substring(0, 8), Role.ORGANISER, "test")
			.key();
	}

	/**
	 * A few bad alerts, sent through the container to MongoDB; every kind is in the web
	 * slice.
	 */
	static Stream<Arguments> someBadAlerts() {
		return BadDrafts.badAlerts()
			.filter((arguments) -> Set
				.of("malformed JSON", "a script in the body", "a query operator where a country is expected",
						"an unpaired surrogate in a title")
				.contains(((Named<?>) arguments.get()[0]).getName()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("someBadAlerts")
	void aBadAlertIsRefusedNamingTheFieldAndNothingIsStored(BiFunction<ObjectNode, Instant, String> body,
			String field) {
		assertRefusedAndNothingStored("urgent-action", body, field);
	}

	@Test
	void aBadNewVersionIsRefusedAndTheAlertStaysAsItWas() {
		String id = this.api.post("/api/v1/alerts", this.key, Drafts.of("appeal", this.clock.instant()).toString())
			.json()
			.path("id")
			.asString();
		ObjectNode draft = Drafts.of("appeal", this.clock.instant());

		Reply script = this.api.put("/api/v1/alerts/" + id, this.key,
				set(draft, "/content/en", "body", "<img src=x onerror=alert(1)>"));
		Reply kind = this.api.put("/api/v1/alerts/" + id, this.key,
				Drafts.of("urgent-action", this.clock.instant()).toString());

		assertThat(script.status()).isEqualTo(400);
		assertThat(script.problemFields()).contains("content.en.body");
		assertThat(kind.status()).isEqualTo(400);
		assertThat(kind.problemFields()).containsExactly("kind");
		assertThat(this.api.get("/api/v1/alerts/" + id, this.key).json().path("versions").size()).isEqualTo(1);
	}

	@Test
	void aCancellationWithoutAReasonInTheDefaultLanguageIsRefused() {
		String id = this.api.post("/api/v1/alerts", this.key, Drafts.of("news", this.clock.instant()).toString())
			.json()
			.path("id")
			.asString();

		Reply noReason = this.api.post("/api/v1/alerts/" + id + "/cancel", this.key, "{}");
		Reply wrongLanguage = this.api.post("/api/v1/alerts/" + id + "/cancel", this.key,
				"{\"reason\": {\"es\": \"Liberada\"}}");
		Reply lineBreak = this.api.post("/api/v1/alerts/" + id + "/cancel", this.key,
				"{\"reason\": {\"en\": \"Released\\r\\nBcc: all@example.org\"}}");

		assertThat(noReason.problemFields()).containsExactly("reason");
		assertThat(wrongLanguage.problemFields()).containsExactly("reason");
		assertThat(lineBreak.problemFields()).containsExactly("reason.en");
		assertThat(this.api.get("/api/v1/alerts/" + id, this.key).json().path("state").asString()).isEqualTo("active");
	}

	@Test
	void aBodyLargerThanTheLimitIsRefusedWith413() {
		long before = this.mongo.count(new Query(), StoredAlert.class);
		ObjectNode draft = Drafts.of("appeal", this.clock.instant());
		String huge = set(draft, "/content/en", "suggestedMessage", "x".repeat(300 * 1024));

		Reply declared = this.api.post("/api/v1/alerts", this.key, huge);
		Reply chunked = this.api.postChunked("/api/v1/alerts", this.key,
				() -> new SequenceInputStream(new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)),
						InputStream.nullInputStream()));

		assertThat(declared.status()).isEqualTo(413);
		assertThat(declared.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(declared.json().path("title").asString()).isEqualTo("Request too large");
		assertThat(chunked.status()).as(chunked.toString()).isEqualTo(413);
		assertThat(chunked.json().path("maxBytes").asLong()).isEqualTo(256 * 1024);
		assertThat(this.mongo.count(new Query(), StoredAlert.class)).isEqualTo(before);
	}

	@Test
	void aTitleOf150EmojiIsAcceptedForItHas150Characters() {
		ObjectNode draft = Drafts.of("appeal", this.clock.instant());
		String title = "\uD83D\uDD4A".repeat(150);

		Reply reply = this.api.post("/api/v1/alerts", this.key, set(draft, "/content/en", "title", title));

		assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
		assertThat(reply.body()).contains("\"" + title + "\"");
		assertThat(reply.header("Set-Cookie")).as("the API is stateless").isNull();
	}

	@Test
	void overlongUtf8IsRefusedNotDecodedAsASlash() {
		long before = this.mongo.count(new Query(), StoredAlert.class);
		ObjectNode draft = Drafts.of("appeal", this.clock.instant());
		byte[] body = raw(draft, "/content/en", "title", "\"Free Dana @@slash@@ now\"")
			.getBytes(StandardCharsets.UTF_8);
		byte[] overlong = replace(body, "@@slash@@".getBytes(StandardCharsets.UTF_8),
				new byte[] { (byte) 0xC0, (byte) 0xAF });

		Reply reply = this.api.postBytes("/api/v1/alerts", this.key, overlong);
		Reply surrogate = this.api.postBytes("/api/v1/alerts", this.key, replace(body,
				"@@slash@@".getBytes(StandardCharsets.UTF_8), new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }));

		assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
		assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(reply.problemFields()).containsExactly("body");
		assertThat(reply.json().path("detail").asString()).contains("not valid UTF-8");
		assertThat(surrogate.status()).as(surrogate.toString()).isEqualTo(400);
		assertThat(this.mongo.count(new Query(), StoredAlert.class)).isEqualTo(before);
	}

	@Test
	void aByteOrderMarkAtTheStartIsIgnored() {
		byte[] draft = Drafts.of("appeal", this.clock.instant()).toString().getBytes(StandardCharsets.UTF_8);
		byte[] body = new byte[draft.length + 3];
		body[0] = (byte) 0xEF;
		body[1] = (byte) 0xBB;
		body[2] = (byte) 0xBF;
		System.arraycopy(draft, 0, body, 3, draft.length);

		Reply reply = this.api.postBytes("/api/v1/alerts", this.key, body);

		assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
	}

	private void assertRefusedAndNothingStored(String kind, BiFunction<ObjectNode, Instant, String> body,
			String field) {
		long alerts = this.mongo.count(new Query(), StoredAlert.class);
		long keys = this.mongo.count(new Query(), IdempotencyRecord.class);
		String json = body.apply(Drafts.of(kind, this.clock.instant()), this.clock.instant());

		Reply reply = this.api.post("/api/v1/alerts", this.key, json, "Idempotency-Key", UUID.randomUUID().toString());

		assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
		assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(reply.header("Set-Cookie")).isNull();
		assertThat(reply.problemFields()).as(reply.toString()).contains(field);
		assertThat(reply.json().path("errors").valueStream().map((error) -> error.path("reason").asString()))
			.allSatisfy((reason) -> assertThat(reason).isNotBlank());
		assertThat(this.mongo.count(new Query(), StoredAlert.class)).isEqualTo(alerts);
		assertThat(this.mongo.count(new Query(), IdempotencyRecord.class)).isEqualTo(keys);
	}

}
