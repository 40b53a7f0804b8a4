package org.solidarityalerts.contract;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;

/**
 * A short text of an action (a target's title, a salutation, a venue, a label) in one or
 * more languages, chosen for each reader with the same fallback as the alert's content:
 * the reader's language, then its family, then the alert's default language. Written as
 * an object keyed by BCP 47 language tags, or as a plain string, which is untagged and
 * stands for every language (schema version 1 wrote only plain strings).
 *
 * @param byLanguage the text by language tag; {@value #UNTAGGED} for untagged text
 */
public record LocalizedText(Map<String, String> byLanguage) {

	/** The key of a text given as a plain string, in no particular language. */
	public static final String UNTAGGED = "und";

	public LocalizedText {
		if (byLanguage == null || byLanguage.isEmpty()) {
			throw new IllegalArgumentException("must have a text in at least one language");
		}
		byLanguage = Collections.unmodifiableMap(new TreeMap<>(byLanguage));
	}

	/**
	 * An untagged text.
	 * @param text the text
	 * @return it, for every language
	 */
	public static LocalizedText of(String text) {
		return new LocalizedText(Map.of(UNTAGGED, text));
	}

	/**
	 * An untagged text, or none.
	 * @param text the text, or null
	 * @return it, or null
	 */
	public static @Nullable LocalizedText ofNullable(@Nullable String text) {
		return (text != null) ? of(text) : null;
	}

	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	static LocalizedText fromJson(Object json) {
		if (json instanceof String text) {
			return of(text);
		}
		if (json instanceof Map<?, ?> map) {
			Map<String, String> texts = new TreeMap<>();
			map.forEach((language, text) -> {
				if (!(text instanceof String string)) {
					throw new IllegalArgumentException("must map each language tag to a text");
				}
				texts.put(String.valueOf(language), string);
			});
			return new LocalizedText(texts);
		}
		throw new IllegalArgumentException("must be a text, or an object of texts by language tag");
	}

	@JsonValue
	Object toJson() {
		return (this.byLanguage.size() == 1 && this.byLanguage.containsKey(UNTAGGED)) ? this.byLanguage.get(UNTAGGED)
				: this.byLanguage;
	}

	/**
	 * The text for a reader, with the content's fallback.
	 * @param language the language the reader's content is shown in
	 * @param defaultLanguage the alert's default language
	 * @return the text in the language, else its family, else the default language, else
	 * untagged, else in any language the text has
	 */
	public String in(String language, String defaultLanguage) {
		String text = family(language);
		if (text == null) {
			text = family(defaultLanguage);
		}
		if (text == null) {
			text = this.byLanguage.get(UNTAGGED);
		}
		return (text != null) ? text : this.byLanguage.values().iterator().next();
	}

	private @Nullable String family(String language) {
		String text = this.byLanguage.get(language);
		if (text == null) {
			text = this.byLanguage.get(primary(language));
		}
		if (text == null) {
			for (Map.Entry<String, String> entry : this.byLanguage.entrySet()) {
				if (primary(entry.getKey()).equals(primary(language))) {
					return entry.getValue();
				}
			}
		}
		return text;
	}

	private static String primary(String language) {
		return language.split("-", 2)[0];
	}

}
