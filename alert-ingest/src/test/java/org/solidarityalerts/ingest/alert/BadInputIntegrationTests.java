package org.solidarityalerts.ingest.alert;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

/**
 * Every kind of bad input is answered with a 4xx problem detail that names the field and
 * the reason, and nothing is stored: no alert, no version, no idempotency key.
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

	static Stream<Arguments> badAlerts() {
		return Stream.of(
				bad("malformed JSON", "campaign", (draft, now) -> "{\"kind\": \"urgent-action\", \"campaign\": "),
				bad("a bare word where a value is expected", "subjectCountry",
						(draft, now) -> draft.toString().replace("\"KZ\"", "KZ")),
				bad("an empty body", "body", (draft, now) -> ""),
				bad("a missing campaign", "campaign", (draft, now) -> without(draft, "campaign")),
				bad("a missing kind", "kind", (draft, now) -> without(draft, "kind")),
				bad("no content", "content", (draft, now) -> without(draft, "content")),
				bad("an empty title", "content.en.title", (draft, now) -> set(draft, "/content/en", "title", "")),
				bad("an unknown kind", "kind", (draft, now) -> draft.put("kind", "petition").toString()),
				bad("an unknown action type", "actions[1].type",
						(draft, now) -> set(draft, "/actions/1", "type", "march")),
				bad("an action without a type", "actions[0].type", (draft, now) -> {
					action(draft, 0).remove("type");
					return draft.toString();
				}), bad("an unknown field", "deadlne", (draft, now) -> draft.put("deadlne", "tomorrow").toString()),
				bad("a deadline in the past", "deadline",
						(draft, now) -> draft.put("deadline", now.minus(1, ChronoUnit.HOURS).toString()).toString()),
				bad("a deadline before publishAt", "deadline",
						(draft, now) -> draft.put("publishAt", now.plus(5, ChronoUnit.DAYS).toString()).toString()),
				bad("a deadline that is not a date", "deadline",
						(draft, now) -> draft.put("deadline", "next Tuesday").toString()),
				bad("a non-https petition", "actions[2].url",
						(draft, now) -> set(draft, "/actions/2", "url", "http://petition.example.org/free-dana")),
				bad("a malformed petition URL", "actions[2].url",
						(draft, now) -> set(draft, "/actions/2", "url", "https://exa mple.org/%%")),
				bad("a country that does not exist", "subjectCountry",
						(draft, now) -> draft.put("subjectCountry", "XK1").toString()),
				bad("a country name instead of its code", "subjectCountry",
						(draft, now) -> draft.put("subjectCountry", "Kazakhstan").toString()),
				bad("an invalid default language", "defaultLanguage",
						(draft, now) -> draft.put("defaultLanguage", "english").toString()),
				bad("content under an invalid language tag", "content.x-!",
						(draft, now) -> set(draft, "/content", "x-!", "")),
				bad("a line break in a title", "content.en.title",
						(draft, now) -> set(draft, "/content/en", "title",
								"Hunger strike\r\nBcc: everyone@example.org")),
				bad("a line break in a salutation", "actions[0].target.salutation",
						(draft, now) -> set(draft, "/actions/0/target", "salutation",
								"Dear Chair\nBcc: x@example.org")),
				bad("a line break in the campaign's name", "campaign.name",
						(draft, now) -> set(draft, "/campaign", "name", "Free Dana\r\nSubject: spam")),
				bad("a script in the body", "content.en.body",
						(draft, now) -> set(draft, "/content/en", "body", "<p>Hi</p><script>alert(1)</script>")),
				bad("an event handler in the body", "content.en.body",
						(draft, now) -> set(draft, "/content/en", "body", "<p onclick=\"steal()\">Hi</p>")),
				bad("a javascript link in the body", "content.en.body",
						(draft, now) -> set(draft, "/content/en", "body", "<a href=\"javascript:steal()\">Hi</a>")),
				bad("a title that is too long", "content.en.title",
						(draft, now) -> set(draft, "/content/en", "title", "x".repeat(201))),
				bad("an invalid e-mail address of a target", "actions[0].target.emails[0]",
						(draft, now) -> set(draft, "/actions/0/target", "email", "chair at court")),
				bad("a query operator where a country is expected", "subjectCountry",
						(draft, now) -> draft.toString().replace("\"KZ\"", "{\"$ne\": null}")),
				bad("a query operator where a campaign id is expected", "campaign.id",
						(draft, now) -> draft.toString().replace("\"free-dana-serikova\"", "{\"$regex\": \".*\"}")),
				bad("a query operator where a tag is expected", "tags[0]",
						(draft, now) -> draft.toString().replace("\"hunger-strike\"", "{\"$gt\": \"\"}")),
				bad("a query operator as a language", "content.$where",
						(draft, now) -> set(draft, "/content", "$where", "")),
				bad("a kind given by its position", "kind", (draft, now) -> draft.put("kind", 1).toString()),
				bad("a title that is a huge number", "content.en.title",
						(draft, now) -> raw(draft, "/content/en", "title", "1e999")),
				bad("a title that is a number", "content.en.title",
						(draft, now) -> raw(draft, "/content/en", "title", "42")),
				bad("a country that is true", "subjectCountry",
						(draft, now) -> draft.put("subjectCountry", true).toString()),
				bad("a tag that is a number", "tags[0]", (draft, now) -> {
					((ArrayNode) draft.path("tags")).set(0, 7);
					return draft.toString();
				}),
				bad("a deadline in epoch seconds", "deadline",
						(draft, now) -> draft.put("deadline", now.plus(10, ChronoUnit.DAYS).getEpochSecond())
							.toString()),
				bad("a publishAt as a fractional number", "publishAt",
						(draft, now) -> draft.put("publishAt", 1.8e9).toString()),
				bad("a publishAt beyond the storable years", "publishAt",
						(draft, now) -> draft.put("publishAt", "+300000000-01-01T00:00:00Z").toString()),
				bad("a deadline beyond the storable years", "deadline",
						(draft, now) -> draft.put("deadline", "+300000000-01-01T00:00:00Z").toString()),
				bad("an unpaired surrogate in a title", "content.en.title",
						(draft, now) -> raw(draft, "/content/en", "title", "\"Free \\ud800 Dana\"")),
				bad("an unpaired low surrogate in the campaign's name", "campaign.name",
						(draft, now) -> raw(draft, "/campaign", "name", "\"\\udc00\"")),
				bad("a line separator in a title", "content.en.title",
						(draft, now) -> set(draft, "/content/en", "title", "Hunger strike\u2028Day 30")),
				bad("a paragraph separator in the campaign's name", "campaign.name",
						(draft, now) -> set(draft, "/campaign", "name", "Free Dana\u2029Now")),
				bad("a bidi override in a title", "content.en.title",
						(draft, now) -> set(draft, "/content/en", "title", "Hunger \u202Eekirts")),
				bad("201 emoji in a title", "content.en.title",
						(draft, now) -> set(draft, "/content/en", "title", "\uD83D\uDD4A".repeat(201))));
	}

	static Stream<Arguments> badEvents() {
		return Stream.of(bad("an end before its start", "actions[0].end", (draft, now) -> {
			String start = action(draft, 0).path("start").asString();
			return set(draft, "/actions/0", "end", Instant.parse(start).minus(1, ChronoUnit.HOURS).toString());
		}), bad("a time zone that does not exist", "actions[0].timeZone",
				(draft, now) -> set(draft, "/actions/0", "timeZone", "Europe/Atlantis")),
				bad("a start that is not a date", "actions[0].start",
						(draft, now) -> set(draft, "/actions/0", "start", "noon")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badAlerts")
	void aBadAlertIsRefusedNamingTheFieldAndNothingIsStored(BiFunction<ObjectNode, Instant, String> body,
			String field) {
		assertRefusedAndNothingStored("urgent-action", body, field);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badEvents")
	void aBadEventIsRefusedNamingTheFieldAndNothingIsStored(BiFunction<ObjectNode, Instant, String> body,
			String field) {
		assertRefusedAndNothingStored("event", body, field);
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
	void aFieldLargerThanItsLimitIsRefusedNamingIt() {
		ObjectNode draft = Drafts.of("appeal", this.clock.instant());

		Reply reply = this.api.post("/api/v1/alerts", this.key,
				set(draft, "/content/en", "suggestedMessage", "x".repeat(10_001)));

		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.problemFields()).containsExactly("content.en.suggestedMessage");
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

	@Test
	void aDocumentNestedTooDeeplyIsRefusedWithoutNamingTheLibrary() {
		ObjectNode draft = Drafts.of("appeal", this.clock.instant());
		String nested = "[".repeat(1_500) + "]".repeat(1_500);

		Reply reply = this.api.post("/api/v1/alerts", this.key, raw(draft, "", "tags", nested));

		assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
		assertThat(reply.body()).doesNotContain("`", "Constraints", "jackson", "Exception", "()");
	}

	@Test
	void aListFilterBeyondTheStorableYearsIsRefusedNamingIt() {
		Reply from = this.api.get("/api/v1/alerts?from=%2B300000000-01-01T00:00:00Z", this.key);
		Reply to = this.api.get("/api/v1/alerts?to=-300000000-01-01T00:00:00Z", this.key);

		assertThat(from.status()).as(from.toString()).isEqualTo(400);
		assertThat(from.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(from.problemFields()).containsExactly("from");
		assertThat(to.status()).as(to.toString()).isEqualTo(400);
		assertThat(to.problemFields()).containsExactly("to");
		assertThat(from.header("Set-Cookie")).isNull();
	}

	private static byte[] replace(byte[] body, byte[] marker, byte[] replacement) {
		String text = new String(body, StandardCharsets.ISO_8859_1);
		String markerText = new String(marker, StandardCharsets.ISO_8859_1);
		return text.replace(markerText, new String(replacement, StandardCharsets.ISO_8859_1))
			.getBytes(StandardCharsets.ISO_8859_1);
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

	private static Arguments bad(String name, String field, BiFunction<ObjectNode, Instant, String> body) {
		return Arguments.of(Named.of(name, body), field);
	}

	private static String without(ObjectNode draft, String field) {
		draft.remove(field);
		return draft.toString();
	}

	private static String set(ObjectNode draft, String pointer, String field, String value) {
		((ObjectNode) draft.at(pointer)).put(field, value);
		return draft.toString();
	}

	/** Sets a field to raw JSON text, as a client that writes JSON by hand would. */
	private static String raw(ObjectNode draft, String pointer, String field, String json) {
		String marker = "@@" + UUID.randomUUID() + "@@";
		((ObjectNode) draft.at(pointer)).put(field, marker);
		return draft.toString().replace("\"" + marker + "\"", json);
	}

	private static ObjectNode action(ObjectNode draft, int index) {
		return (ObjectNode) ((ArrayNode) draft.path("actions")).get(index);
	}

}
