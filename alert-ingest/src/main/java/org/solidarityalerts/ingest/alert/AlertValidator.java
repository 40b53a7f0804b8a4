package org.solidarityalerts.ingest.alert;

import org.solidarityalerts.contract.BodyMarkup;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.Action;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.LocalizedContent;
import org.solidarityalerts.contract.LocalizedText;
import org.solidarityalerts.contract.Target;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.ingest.alert.InvalidAlertException.FieldProblem;
import org.solidarityalerts.ingest.preview.ReaderProfile;

import org.springframework.stereotype.Component;

/**
 * Checks a draft against every rule an alert must meet, and reports all the problems at
 * once. Rich text is checked against the contract's {@link BodyMarkup}: markup that could
 * run script is refused, not silently removed, so organisers see exactly what will be
 * sent.
 */
@Component
class AlertValidator {

	static final int MAX_TITLE = 200;

	static final int MAX_SUMMARY = 1_000;

	static final int MAX_BODY = 50_000;

	static final int MAX_MESSAGE = 10_000;

	static final int MAX_SHORT = 500;

	static final int MAX_ACTIONS = 20;

	static final int MAX_LANGUAGES = 20;

	private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

	private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\"]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");

	private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()./-]{5,32}");

	private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

	/**
	 * Checks a draft.
	 * @param draft the draft
	 * @param now the current time
	 * @throws InvalidAlertException listing every problem, if there is any
	 */
	void check(AlertDraft draft, Instant now) {
		Problems problems = new Problems();
		checkDraft(draft, now, problems);
		if (draft.changeNote() != null) {
			problems.add("changeNote", "is for a new version of an alert (PUT); a new alert has nothing changed yet");
		}
		problems.throwIfAny();
	}

	/**
	 * Checks a draft of a new version of an alert.
	 * @param draft the draft
	 * @param now the current time
	 * @param kind the alert's kind, which a new version may not change (it decides the
	 * topic, and one alert's versions must stay in order on one topic)
	 * @throws InvalidAlertException listing every problem, if there is any
	 */
	void checkUpdate(AlertDraft draft, Instant now, AlertKind kind) {
		Problems problems = new Problems();
		checkDraft(draft, now, problems);
		if (draft.kind() != null && draft.kind() != kind) {
			problems.add("kind", "cannot change from " + WireFormat.name(kind)
					+ " in a new version; cancel this alert and post a new one");
		}
		problems.throwIfAny();
	}

	/**
	 * Checks a cancellation.
	 * @param cancellation the cancellation
	 * @param defaultLanguage the alert's default language, which the reason must have
	 * @throws InvalidAlertException listing every problem, if there is any
	 */
	void checkCancellation(Cancellation cancellation, String defaultLanguage) {
		Problems problems = new Problems();
		Map<String, String> reason = cancellation.reason();
		if (reason == null || reason.isEmpty()) {
			problems.add("reason", "is required: why, by language tag, e.g. {\"" + defaultLanguage
					+ "\": \"Released: no further action\"}");
		}
		else {
			if (!reason.containsKey(defaultLanguage)) {
				problems.add("reason", "must include the alert's default language '" + defaultLanguage + "'");
			}
			if (reason.size() > MAX_LANGUAGES) {
				problems.add("reason", "may have at most " + MAX_LANGUAGES + " languages");
			}
			reason.forEach((language, text) -> {
				if (!isLanguage(language)) {
					problems.add("reason." + language, "is not keyed by a BCP 47 language tag");
				}
				else {
					problems.text("reason." + language, text, true, MAX_SUMMARY);
				}
			});
		}
		problems.throwIfAny();
	}

	/**
	 * Checks the reader a preview is rendered for, and throws naming each field that is
	 * not valid.
	 * @param reader the reader, under {@code reader} in the request
	 */
	void checkReader(@Nullable ReaderProfile reader) {
		Problems problems = new Problems();
		if (reader == null) {
			problems.add("reader", "is required: the languages, country, time zone and name of the reader");
			problems.throwIfAny();
			return;
		}
		List<String> languages = (reader.languages() != null) ? reader.languages() : List.of();
		if (languages.size() > MAX_LANGUAGES) {
			problems.add("reader.languages", "may have at most " + MAX_LANGUAGES + " languages");
		}
		for (int i = 0; i < languages.size() && i < MAX_LANGUAGES; i++) {
			if (!isLanguage(languages.get(i))) {
				problems.add("reader.languages[" + i + "]", "must be a BCP 47 language tag, such as ru or pt-BR");
			}
		}
		if (reader.residenceCountry() != null && !COUNTRIES.contains(reader.residenceCountry())) {
			problems.add("reader.residenceCountry", "must be an ISO 3166-1 alpha-2 country code, such as KZ or DE");
		}
		if (reader.timeZone() != null && !ZoneId.getAvailableZoneIds().contains(reader.timeZone())) {
			problems.add("reader.timeZone", "must be an IANA time zone, such as Asia/Almaty");
		}
		problems.text("reader.name", reader.name(), false, MAX_SHORT);
		problems.throwIfAny();
	}

	private void checkDraft(AlertDraft draft, Instant now, Problems problems) {
		if (draft.kind() == null) {
			problems.add("kind", "is required: one of urgent-action, appeal, news, event");
		}
		if (draft.campaign() == null) {
			problems.add("campaign", "is required");
		}
		else {
			if (draft.campaign().id() == null || !SLUG.matcher(draft.campaign().id()).matches()) {
				problems.add("campaign.id", "must be a slug of lower-case letters, digits and dashes (1 to 64)");
			}
			problems.text("campaign.name", draft.campaign().name(), true, MAX_SHORT);
		}
		if (draft.subjectCountry() == null || !COUNTRIES.contains(draft.subjectCountry())) {
			problems.add("subjectCountry", "must be an ISO 3166-1 alpha-2 country code, such as TR or GB");
		}
		List<String> tags = (draft.tags() != null) ? draft.tags() : List.of();
		for (int i = 0; i < tags.size(); i++) {
			if (tags.get(i) == null || !SLUG.matcher(tags.get(i)).matches()) {
				problems.add("tags[" + i + "]", "must be a slug of lower-case letters, digits and dashes (1 to 64)");
			}
		}
		checkContent(draft, problems);
		checkActions(draft.actions(), problems);
		checkTiming(draft, now, problems);
		problems.countries("residenceCountries", draft.residenceCountries());
		problems.localized("changeNote", draft.changeNote(), false, MAX_SUMMARY, true);
		if (draft.followsUp() != null) {
			try {
				java.util.UUID.fromString(draft.followsUp());
			}
			catch (IllegalArgumentException ex) {
				problems.add("followsUp", "must be the id of an earlier alert");
			}
		}
	}

	private void checkContent(AlertDraft draft, Problems problems) {
		if (!isLanguage(draft.defaultLanguage())) {
			problems.add("defaultLanguage", "must be a BCP 47 language tag, such as en or pt-BR");
		}
		Map<String, LocalizedContent> content = draft.content();
		if (content == null || content.isEmpty()) {
			problems.add("content", "is required: the alert's words, by language tag");
			return;
		}
		if (content.size() > MAX_LANGUAGES) {
			problems.add("content", "may have at most " + MAX_LANGUAGES + " languages");
		}
		if (draft.defaultLanguage() != null && !content.containsKey(draft.defaultLanguage())) {
			problems.add("content", "must include the default language '" + draft.defaultLanguage() + "'");
		}
		content.forEach((language, words) -> {
			String path = "content." + language;
			if (!isLanguage(language)) {
				problems.add(path, "is not keyed by a BCP 47 language tag");
				return;
			}
			if (words == null) {
				problems.add(path, "is required");
				return;
			}
			problems.text(path + ".title", words.title(), true, MAX_TITLE);
			problems.text(path + ".summary", words.summary(), true, MAX_SUMMARY);
			problems.multiline(path + ".suggestedMessage", words.suggestedMessage(), MAX_MESSAGE);
			if (words.body() != null) {
				if (length(words.body()) > MAX_BODY) {
					problems.add(path + ".body", "must be at most " + MAX_BODY + " characters");
				}
				else {
					String unsafe = BodyMarkup.firstDisallowed(words.body());
					if (unsafe != null) {
						problems.add(path + ".body", "contains markup that is not allowed (" + unsafe
								+ "); allowed: p, br, strong, em, b, i, ul, ol, li, blockquote, h2, h3, a with an https href");
					}
				}
			}
		});
	}

	private void checkActions(@Nullable List<Action> actions, Problems problems) {
		if (actions == null) {
			return;
		}
		if (actions.size() > MAX_ACTIONS) {
			problems.add("actions", "may have at most " + MAX_ACTIONS + " actions");
		}
		for (int i = 0; i < actions.size(); i++) {
			String path = "actions[" + i + "]";
			Action action = actions.get(i);
			switch (action) {
				case null -> problems.add(path, "is required");
				case Action.SignPetition petition -> {
					problems.https(path + ".url", petition.url());
					problems.localized(path + ".label", petition.label(), false, MAX_SHORT, false);
				}
				case Action.WriteTo write -> checkTarget(path + ".target", write.target(), false, true, problems);
				case Action.PhoneTarget phone -> checkTarget(path + ".target", phone.target(), true, true, problems);
				case Action.ProtestToEmbassy embassy ->
					problems.localized(path + ".note", embassy.note(), false, MAX_SUMMARY, true);
				case Action.Attend attend -> {
					problems.localized(path + ".venue", attend.venue(), true, MAX_SHORT, false);
					if (attend.address().isEmpty()) {
						problems.add(path + ".address", "is required: the venue's address, one line per element");
					}
					for (int line = 0; line < attend.address().size(); line++) {
						problems.text(path + ".address[" + line + "]", attend.address().get(line), true, MAX_SHORT);
					}
					if (attend.start() == null) {
						problems.add(path + ".start", "is required, with its offset, e.g. 2026-12-16T12:00:00+00:00");
					}
					else {
						if (attend.end() != null && !attend.end().isAfter(attend.start())) {
							problems.add(path + ".end", "must be after the start");
						}
						if (attend.doorsOpen() != null && attend.doorsOpen().isAfter(attend.start())) {
							problems.add(path + ".doorsOpen", "must not be after the start");
						}
					}
					if (attend.timeZone() == null || !ZoneId.getAvailableZoneIds().contains(attend.timeZone())) {
						problems.add(path + ".timeZone", "must be an IANA time zone, such as Europe/London");
					}
				}
				case Action.ShareLink share -> {
					problems.https(path + ".url", share.url());
					problems.localized(path + ".text", share.text(), false, MAX_SHORT, false);
				}
			}
			if (action != null) {
				for (int copy = 0; copy < action.copiesTo().size(); copy++) {
					problems.email(path + ".copiesTo[" + copy + "]", action.copiesTo().get(copy));
				}
				problems.countries(path + ".residenceCountries", action.residenceCountries());
			}
		}
	}

	private void checkTarget(String path, @Nullable Target target, boolean phoneRequired, boolean viaAllowed,
			Problems problems) {
		if (target == null) {
			problems.add(path, "is required");
			return;
		}
		if (isBlank(target.name()) && target.title() == null && target.organisation() == null) {
			problems.add(path, "needs a name, a title or an organisation");
		}
		problems.text(path + ".name", target.name(), false, MAX_SHORT);
		problems.localized(path + ".title", target.title(), false, MAX_SHORT, false);
		problems.localized(path + ".organisation", target.organisation(), false, MAX_SHORT, false);
		problems.localized(path + ".salutation", target.salutation(), false, MAX_SHORT, false);
		problems.localized(path + ".note", target.note(), false, MAX_SUMMARY, true);
		for (int i = 0; i < target.postalAddress().size(); i++) {
			problems.text(path + ".postalAddress[" + i + "]", target.postalAddress().get(i), true, MAX_SHORT);
		}
		for (int i = 0; i < target.emails().size(); i++) {
			problems.email(path + ".emails[" + i + "]", target.emails().get(i));
		}
		for (int i = 0; i < target.phones().size(); i++) {
			problems.phone(path + ".phones[" + i + "]", target.phones().get(i));
		}
		for (int i = 0; i < target.faxes().size(); i++) {
			problems.phone(path + ".faxes[" + i + "]", target.faxes().get(i));
		}
		if (phoneRequired && target.phones().isEmpty()) {
			problems.add(path + ".phones", "needs at least one number to phone a target");
		}
		for (int i = 0; i < target.preferredLanguages().size(); i++) {
			if (!isLanguage(target.preferredLanguages().get(i))) {
				problems.add(path + ".preferredLanguages[" + i + "]", "must be a BCP 47 language tag");
			}
		}
		if (target.via() != null) {
			if (viaAllowed) {
				checkTarget(path + ".via", target.via(), false, false, problems);
			}
			else {
				problems.add(path + ".via", "cannot have a via of its own");
			}
		}
	}

	private void checkTiming(AlertDraft draft, Instant now, Problems problems) {
		Instant publishAt = (draft.publishAt() != null) ? draft.publishAt() : now;
		if (draft.deadlineTimeZone() != null && !ZoneId.getAvailableZoneIds().contains(draft.deadlineTimeZone())) {
			problems.add("deadlineTimeZone", "must be an IANA time zone, such as Asia/Almaty");
		}
		else if (draft.deadlineTimeZone() != null && draft.deadline() == null) {
			problems.add("deadlineTimeZone", "is the deadline's time zone, but there is no deadline");
		}
		if (draft.deadline() != null) {
			if (!draft.deadline().isAfter(now)) {
				problems.add("deadline", "is in the past");
			}
			else if (!draft.deadline().isAfter(publishAt)) {
				problems.add("deadline", "must be after publishAt");
			}
		}
		if (draft.expiresAt() != null) {
			if (!draft.expiresAt().isAfter(now)) {
				problems.add("expiresAt", "is in the past");
			}
			else if (!draft.expiresAt().isAfter(publishAt)) {
				problems.add("expiresAt", "must be after publishAt");
			}
		}
	}

	static boolean isLanguage(@Nullable String tag) {
		if (tag == null || tag.isBlank() || tag.length() > 35) {
			return false;
		}
		try {
			Locale locale = new Locale.Builder().setLanguageTag(tag).build();
			return !locale.getLanguage().isEmpty() && Set.of(Locale.getISOLanguages()).contains(locale.getLanguage());
		}
		catch (IllformedLocaleException ex) {
			return false;
		}
	}

	/**
	 * The length of a text in characters as a reader counts them (code points), not in
	 * UTF-16 units.
	 * @param text the text
	 * @return its length
	 */
	static int length(String text) {
		return text.codePointCount(0, text.length());
	}

	private static boolean breaksLine(int codePoint) {
		return Character.isISOControl(codePoint) || codePoint == '\u2028' || codePoint == '\u2029'
				|| codePoint == '\u0085';
	}

	private static boolean isBidiOverride(int codePoint) {
		return codePoint >= '\u202A' && codePoint <= '\u202E';
	}

	private static boolean isBlank(@Nullable String text) {
		return text == null || text.isBlank();
	}

	private static final class Problems {

		private final List<FieldProblem> list = new ArrayList<>();

		void add(String field, String reason) {
			this.list.add(new FieldProblem(field, reason));
		}

		void throwIfAny() {
			if (!this.list.isEmpty()) {
				throw new InvalidAlertException(this.list);
			}
		}

		/**
		 * One line of text: it may reach a mail header (a subject, a name), so no control
		 * characters, no line or paragraph separators (U+2028, U+2029) and no bidi
		 * embeddings or overrides (U+202A to U+202E), which could make a subject read
		 * backwards; bidi isolates and marks are allowed for names in mixed scripts. Its
		 * length is counted in characters (code points): 150 emoji are 150.
		 */
		void text(String field, @Nullable String value, boolean required, int max) {
			if (value == null || value.isBlank()) {
				if (required) {
					add(field, "is required");
				}
				return;
			}
			if (length(value) > max) {
				add(field, "must be at most " + max + " characters");
			}
			else if (value.codePoints().anyMatch(AlertValidator::breaksLine)) {
				add(field, "must be one line: line breaks, line and paragraph separators and control characters "
						+ "are not allowed");
			}
			else if (value.codePoints().anyMatch(AlertValidator::isBidiOverride)) {
				add(field, "must not contain bidi embeddings or overrides (U+202A to U+202E); "
						+ "use isolates (U+2066 to U+2069) instead");
			}
		}

		/** Text that may span lines, but holds no other control characters. */
		void multiline(String field, @Nullable String value, int max) {
			if (value == null) {
				return;
			}
			if (length(value) > max) {
				add(field, "must be at most " + max + " characters");
			}
			else if (value.chars().anyMatch((c) -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
				add(field, "must not contain control characters");
			}
		}

		/**
		 * A translatable text: keyed by BCP 47 language tags (or one untagged text), each
		 * checked like any text.
		 */
		void localized(String field, @Nullable LocalizedText value, boolean required, int max, boolean multiline) {
			if (value == null) {
				if (required) {
					add(field, "is required");
				}
				return;
			}
			if (value.byLanguage().size() > MAX_LANGUAGES) {
				add(field, "may have at most " + MAX_LANGUAGES + " languages");
			}
			value.byLanguage().forEach((language, text) -> {
				boolean untagged = LocalizedText.UNTAGGED.equals(language);
				String path = untagged ? field : field + "." + language;
				if (!untagged && !isLanguage(language)) {
					add(path, "is not keyed by a BCP 47 language tag");
				}
				else if (multiline) {
					if (text.isBlank()) {
						add(path, "is required");
					}
					multiline(path, text, max);
				}
				else {
					text(path, text, true, max);
				}
			});
		}

		void countries(String field, @Nullable List<String> countries) {
			if (countries == null) {
				return;
			}
			for (int i = 0; i < countries.size(); i++) {
				if (countries.get(i) == null || !COUNTRIES.contains(countries.get(i))) {
					add(field + "[" + i + "]", "must be an ISO 3166-1 alpha-2 country code, such as GB or ES");
				}
			}
		}

		void phone(String field, @Nullable String value) {
			if (value == null || !PHONE.matcher(value).matches()) {
				add(field, "must be a phone number, such as +90 312 555 0100");
			}
		}

		void https(String field, @Nullable String value) {
			if (value == null || value.isBlank()) {
				add(field, "is required");
				return;
			}
			try {
				URI uri = new URI(value);
				if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || value.length() > 2_000) {
					add(field, "must be an https URL");
				}
			}
			catch (URISyntaxException ex) {
				add(field, "must be an https URL");
			}
		}

		void email(String field, String value) {
			if (value == null || value.length() > 254 || !EMAIL.matcher(value).matches()) {
				add(field, "must be an e-mail address");
			}
		}

	}

}
