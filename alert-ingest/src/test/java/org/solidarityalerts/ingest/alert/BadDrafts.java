package org.solidarityalerts.ingest.alert;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bad alerts as clients send them, made from a good draft: the cases of the web slice
 * ({@link BadInputWebTests}) and of the end-to-end tests
 * ({@link BadInputIntegrationTests}).
 */
final class BadDrafts {

	private BadDrafts() {
	}

	/** Every kind of bad urgent action: what is wrong, the field it names, the body. */
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
				bad("the kind twice (readers disagree on which counts)", "kind",
						(draft, now) -> draft.toString()
							.replace("\"kind\":\"urgent-action\"", "\"kind\":\"urgent-action\",\"kind\":\"news\"")),
				bad("a title twice", "content.en.title",
						(draft, now) -> draft.toString().replace("\"title\":", "\"title\":\"Decoy\",\"title\":")),
				bad("201 emoji in a title", "content.en.title",
						(draft, now) -> set(draft, "/content/en", "title", "\uD83D\uDD4A".repeat(201))));
	}

	/** Every kind of bad event, as {@link #badAlerts()}. */
	static Stream<Arguments> badEvents() {
		return Stream.of(bad("an end before its start", "actions[0].end", (draft, now) -> {
			String start = action(draft, 0).path("start").asString();
			return set(draft, "/actions/0", "end", Instant.parse(start).minus(1, ChronoUnit.HOURS).toString());
		}), bad("a time zone that does not exist", "actions[0].timeZone",
				(draft, now) -> set(draft, "/actions/0", "timeZone", "Europe/Atlantis")),
				bad("a start that is not a date", "actions[0].start",
						(draft, now) -> set(draft, "/actions/0", "start", "noon")));
	}

	static byte[] replace(byte[] body, byte[] marker, byte[] replacement) {
		String text = new String(body, StandardCharsets.ISO_8859_1);
		String markerText = new String(marker, StandardCharsets.ISO_8859_1);
		return text.replace(markerText, new String(replacement, StandardCharsets.ISO_8859_1))
			.getBytes(StandardCharsets.ISO_8859_1);
	}

	static Arguments bad(String name, String field, BiFunction<ObjectNode, Instant, String> body) {
		return Arguments.of(Named.of(name, body), field);
	}

	static String without(ObjectNode draft, String field) {
		draft.remove(field);
		return draft.toString();
	}

	static String set(ObjectNode draft, String pointer, String field, String value) {
		((ObjectNode) draft.at(pointer)).put(field, value);
		return draft.toString();
	}

	/** Sets a field to raw JSON text, as a client that writes JSON by hand would. */
	static String raw(ObjectNode draft, String pointer, String field, String json) {
		String marker = "@@" + UUID.randomUUID() + "@@";
		((ObjectNode) draft.at(pointer)).put(field, marker);
		return draft.toString().replace("\"" + marker + "\"", json);
	}

	static ObjectNode action(ObjectNode draft, int index) {
		return (ObjectNode) ((ArrayNode) draft.path("actions")).get(index);
	}

}
