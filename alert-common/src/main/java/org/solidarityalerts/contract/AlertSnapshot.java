package org.solidarityalerts.contract;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One version of an alert as organisers wrote it: everything dispatch needs to choose its
 * audience and to write each subscriber's e-mail.
 *
 * @param id the alert
 * @param version this version, starting at 1
 * @param kind urgent action, appeal, news or event
 * @param organisation the posting organisation's id
 * @param campaign the campaign it belongs to
 * @param subjectCountry the country the alert concerns (ISO 3166-1 alpha-2)
 * @param tags free labels for filtering
 * @param defaultLanguage the language used where a subscriber's own is missing (BCP 47)
 * @param content the words, by language tag; always has the default language
 * @param actions what readers are asked to do, in order
 * @param publishAt when it may first be sent (an embargo)
 * @param deadline when the action stops being useful, if there is such a date
 * @param expiresAt after this, nothing more is sent
 */
public record AlertSnapshot(AlertId id, int version, AlertKind kind, String organisation, Campaign campaign,
		String subjectCountry, List<String> tags, String defaultLanguage, Map<String, LocalizedContent> content,
		List<Action> actions, Instant publishAt, @Nullable Instant deadline, @Nullable Instant expiresAt) {

	public AlertSnapshot {
		tags = (tags != null) ? List.copyOf(tags) : List.of();
		content = Map.copyOf(content);
		actions = (actions != null) ? List.copyOf(actions) : List.of();
		if (!content.containsKey(defaultLanguage)) {
			throw new IllegalArgumentException("content must include the default language " + defaultLanguage);
		}
	}

	/**
	 * The version's identity.
	 * @return alert id and version
	 */
	public AlertVersion alertVersion() {
		return new AlertVersion(this.id, this.version);
	}

	/**
	 * The words in the first of the given languages that the alert has, else in its
	 * default language.
	 * @param languages preferred language tags, best first
	 * @return the content to show
	 */
	public LocalizedContent contentFor(List<String> languages) {
		return this.content.get(languageFor(languages));
	}

	/**
	 * The language tag that {@link #contentFor(List)} chose.
	 * @param languages preferred language tags, best first
	 * @return the tag of the content shown
	 */
	public String languageFor(List<String> languages) {
		for (String language : languages) {
			if (this.content.containsKey(language)) {
				return language;
			}
		}
		for (String language : languages) {
			String primary = language.split("-", 2)[0];
			if (this.content.containsKey(primary)) {
				return primary;
			}
		}
		return this.defaultLanguage;
	}

}
