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
 * @param deadlineTimeZone the IANA time zone the deadline was set in (a hearing at 10:00
 * in Astana), shown next to the reader's own time when they differ; absent in schema
 * version 1, where only the deadline's date was shown
 * @param residenceCountries the countries of residence (ISO 3166-1 alpha-2) of the
 * readers it is for; none for every reader
 * @param changeNote what changed in this version, shown first to readers of an update
 * @param followsUp the earlier alert this one follows up, if any
 */
public record AlertSnapshot(AlertId id, int version, AlertKind kind, String organisation, Campaign campaign,
		String subjectCountry, List<String> tags, String defaultLanguage, Map<String, LocalizedContent> content,
		List<Action> actions, Instant publishAt, @Nullable Instant deadline, @Nullable Instant expiresAt,
		@Nullable String deadlineTimeZone, List<String> residenceCountries, @Nullable LocalizedText changeNote,
		@Nullable FollowUp followsUp) {

	public AlertSnapshot {
		tags = (tags != null) ? List.copyOf(tags) : List.of();
		residenceCountries = (residenceCountries != null) ? List.copyOf(residenceCountries) : List.of();
		content = Map.copyOf(content);
		actions = (actions != null) ? List.copyOf(actions) : List.of();
		if (!content.containsKey(defaultLanguage)) {
			throw new IllegalArgumentException("content must include the default language " + defaultLanguage);
		}
	}

	/**
	 * A version with none of schema version 2's additions.
	 * @param id the alert
	 * @param version this version
	 * @param kind its kind
	 * @param organisation the posting organisation's id
	 * @param campaign its campaign
	 * @param subjectCountry the country it concerns
	 * @param tags free labels
	 * @param defaultLanguage the default language
	 * @param content the words, by language tag
	 * @param actions what readers are asked to do
	 * @param publishAt its embargo
	 * @param deadline its deadline
	 * @param expiresAt when it expires
	 */
	public AlertSnapshot(AlertId id, int version, AlertKind kind, String organisation, Campaign campaign,
			String subjectCountry, List<String> tags, String defaultLanguage, Map<String, LocalizedContent> content,
			List<Action> actions, Instant publishAt, @Nullable Instant deadline, @Nullable Instant expiresAt) {
		this(id, version, kind, organisation, campaign, subjectCountry, tags, defaultLanguage, content, actions,
				publishAt, deadline, expiresAt, null, List.of(), null, null);
	}

	/**
	 * The same alert as another version number, e.g. the version that cancels it.
	 * @param version the version number
	 * @return this alert with that number
	 */
	public AlertSnapshot withVersion(int version) {
		return new AlertSnapshot(this.id, version, this.kind, this.organisation, this.campaign, this.subjectCountry,
				this.tags, this.defaultLanguage, this.content, this.actions, this.publishAt, this.deadline,
				this.expiresAt, this.deadlineTimeZone, this.residenceCountries, this.changeNote, this.followsUp);
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
