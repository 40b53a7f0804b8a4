package org.solidarityalerts.ingest.archive;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.ibm.icu.text.DateFormat;
import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.util.TimeZone;
import com.ibm.icu.util.ULocale;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertKind;

/**
 * The public archive's own words (badges, "published", the note's label, the feed link),
 * in the languages the service speaks, so that a page or a feed entry whose alert is in
 * Spanish says "publicada el …" around it, not "published …", and a page in Arabic or
 * Persian runs right to left. Dates are written by ICU4J in the language's digits, in the
 * Gregorian calendar (an archive page has no reader's country to choose another), in UTC,
 * which the page says.
 */
final class ArchiveWords {

	/** The languages the archive speaks; English for any other. */
	static final List<String> LANGUAGES = List.of("en", "es", "fr", "de", "ru", "uk", "kk", "ar", "fa");

	private static final Map<String, In> WORDS = LANGUAGES.stream()
		.collect(Collectors.toUnmodifiableMap(Function.identity(), In::load));

	private ArchiveWords() {
	}

	/**
	 * The words for a content language: its own if the archive speaks it (or its base
	 * language: {@code es} for {@code es-MX}), else English.
	 * @param language a content language tag, or null
	 * @return the words
	 */
	static In in(@Nullable String language) {
		if (language == null) {
			return WORDS.get("en");
		}
		In words = WORDS.get(Locale.forLanguageTag(language).getLanguage());
		return (words != null) ? words : WORDS.get("en");
	}

	/**
	 * Whether the archive has its own words in a language.
	 * @param language a language tag
	 * @return whether it is one of {@link #LANGUAGES}
	 */
	static boolean speaks(String language) {
		return WORDS.containsKey(language);
	}

	/**
	 * A language's name in that language, for a link to the page in it.
	 * @param language the language tag
	 * @return its name, "español", "العربية"
	 */
	static String nameOf(String language) {
		ULocale locale = ULocale.forLanguageTag(language);
		return locale.getDisplayName(locale);
	}

	/**
	 * The direction of text in a language.
	 * @param language the language tag
	 * @return {@code rtl} or {@code ltr}
	 */
	static String directionOf(String language) {
		return ULocale.forLanguageTag(language).isRightToLeft() ? "rtl" : "ltr";
	}

	/**
	 * The archive's words in one language.
	 *
	 * @param language the language's tag
	 * @param locale its locale, Gregorian calendar
	 * @param bundle its words
	 * @param dateTime its format of a date and time in UTC, made once: making one costs
	 * about 30 µs, a hundred of them for a campaign's page; ICU's formats are not
	 * thread-safe, so it is used by one request at a time
	 */
	record In(String language, ULocale locale, ResourceBundle bundle, DateFormat dateTime) {

		private static In load(String language) {
			// English dates as in most of the world: 28 November 2026.
			ULocale locale = ULocale.forLanguageTag("en".equals(language) ? "en-GB" : language)
				.setKeywordValue("calendar", "gregorian");
			ResourceBundle bundle = ResourceBundle.getBundle("archive/words", Locale.forLanguageTag(language),
					ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
			DateFormat dateTime = DateFormat.getDateTimeInstance(DateFormat.LONG, DateFormat.SHORT, locale);
			dateTime.setTimeZone(TimeZone.GMT_ZONE);
			return new In(language, locale, bundle, dateTime);
		}

		String word(String key, Object... arguments) {
			return new MessageFormat(this.bundle.getString(key), this.locale).format(arguments);
		}

		String date(Instant instant) {
			synchronized (this.dateTime) {
				return this.dateTime.format(Date.from(instant)) + " UTC";
			}
		}

		String kind(AlertKind kind) {
			return word("kind." + kind.name().toLowerCase(Locale.ROOT).replace('_', '-'));
		}

		String direction() {
			return directionOf(this.language);
		}

	}

}
