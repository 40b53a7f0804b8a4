package org.solidarityalerts.ingest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.solidarityalerts.contract.WireFormat;
import tools.jackson.databind.node.ObjectNode;

/**
 * Alerts as organisers write them, one of each kind, in the words of a campaign for a
 * jailed labour lawyer.
 */
public final class Drafts {

	private Drafts() {
	}

	/**
	 * A draft of a kind, with its deadline three days after {@code now}.
	 * @param kind urgent-action, appeal, news or event
	 * @param now the application's current time
	 * @return a valid draft, to change as a test needs
	 */
	public static ObjectNode of(String kind, Instant now) {
		String deadline = now.plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
		String start = now.plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).toString();
		String end = now.plus(2, ChronoUnit.DAYS).plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS).toString();
		String actions = switch (kind) {
			case "urgent-action" ->
				"""
						[{"type": "write", "target": {"title": "Chair of the Supreme Court", "organisation": "Supreme Court",
						  "postalAddress": ["39 Example Avenue", "Astana 010000", "Kazakhstan"],
						  "email": "chair@court.example.org", "salutation": "Dear Chair of the Supreme Court",
						  "preferredLanguage": "ru"}, "copiesTo": ["campaign@justice-for-dana.example.org"]},
						 {"type": "embassy-protest", "note": "Ask the embassy to pass on your concern for her health."},
						 {"type": "sign-petition", "url": "https://petition.example.org/free-dana", "label": "Release Dana"}]""";
			case "appeal" -> """
					[{"type": "sign-petition", "url": "https://petition.example.org/free-dana"},
					 {"type": "phone", "target": {"title": "Minister of Justice", "phone": "+7 7172 555 0100"}},
					 {"type": "share", "url": "https://justice-for-dana.example.org/appeal", "text": "Please sign"}]""";
			case "news" -> "[]";
			case "event" -> """
					[{"type": "attend", "venue": "Outside the embassy", "address": "1 Example Square, London",
					  "start": "%s", "end": "%s", "timeZone": "Europe/London"}]""".formatted(start, end);
			default -> throw new IllegalArgumentException(kind);
		};
		String json = """
				{"kind": "%s", "campaign": {"id": "free-dana-serikova", "name": "Free Dana Serikova"},
				 "subjectCountry": "KZ", "tags": ["hunger-strike"], "defaultLanguage": "en",
				 "content": {"en": {"title": "Dana Serikova begins a hunger strike",
				   "summary": "The jailed labour lawyer has refused food since Monday.",
				   "body": "<p>She defended oil workers. <strong>Please write today.</strong></p>",
				   "suggestedMessage": "I urge you to ensure she receives medical care."},
				  "es": {"title": "Dana Serikova inicia una huelga de hambre",
				   "summary": "La abogada encarcelada rechaza la comida desde el lunes."}},
				 "actions": %s, "deadline": "%s"}""".formatted(kind, actions, deadline);
		return (ObjectNode) WireFormat.jsonMapper().readTree(json);
	}

}
