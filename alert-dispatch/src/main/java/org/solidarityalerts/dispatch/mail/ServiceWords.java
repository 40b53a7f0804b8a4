package org.solidarityalerts.dispatch.mail;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.util.ULocale;
import org.jspecify.annotations.Nullable;

import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * The service's own words in its e-mails ({@code mail/messages*.properties}), formatted
 * with ICU's message format, so that plurals follow each language's CLDR rules ("1 день,
 * 2 дня, 5 дней, 21 день") rather than a choice written for English.
 * <p>
 * The words follow the reader's language, whatever language the alert's content falls
 * back to. In a right-to-left language, every text put into a sentence is isolated
 * (U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE), so that a name, an
 * address or a URL in a left-to-right script keeps its order inside the sentence.
 */
public final class ServiceWords extends ResourceBundleMessageSource {

	/** The languages the service speaks, English first: it is the fallback. */
	public static final List<String> LANGUAGES = List.of("en", "es", "fr", "ru", "kk", "uk", "de", "ar", "fa");

	private static final List<String> RIGHT_TO_LEFT = List.of("ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv");

	/** Opens an isolate whose direction is its first strong character's. */
	public static final char FSI = '\u2068';

	/** Closes an isolate. */
	public static final char PDI = '\u2069';

	/**
	 * The patterns parsed so far: parsing one cost more than formatting it, and a fan-out
	 * formats the same few (the greeting, the deadline) for every reader. Only the
	 * bundles' patterns come here, so the map stays small.
	 */
	private static final Map<Pattern, MessageFormat> FORMATS = new ConcurrentHashMap<>();

	/**
	 * Reads the bundles {@code mail/messages*.properties}.
	 */
	public ServiceWords() {
		setBasename("mail/messages");
		setDefaultEncoding("UTF-8");
		setFallbackToSystemLocale(false);
	}

	/**
	 * The language of the service's words for a reader: the first of their languages that
	 * the service speaks, else English.
	 * @param readerLanguages the reader's languages, best first (BCP 47)
	 * @return a language of {@link #LANGUAGES}
	 */
	public static String languageFor(List<String> readerLanguages) {
		for (String tag : readerLanguages) {
			String language = Locale.forLanguageTag(tag).getLanguage();
			if (LANGUAGES.contains(language)) {
				return language;
			}
		}
		return LANGUAGES.getFirst();
	}

	/**
	 * Whether a language is written right to left.
	 * @param locale the language
	 * @return {@code true} for Arabic, Persian, Hebrew and the like
	 */
	public static boolean isRightToLeft(Locale locale) {
		return RIGHT_TO_LEFT.contains(locale.getLanguage());
	}

	/**
	 * The value of an HTML {@code dir} attribute for a language.
	 * @param locale the language
	 * @return {@code rtl} or {@code ltr}
	 */
	public static String direction(Locale locale) {
		return isRightToLeft(locale) ? "rtl" : "ltr";
	}

	/**
	 * A text isolated from the direction around it.
	 * @param text the text
	 * @return the text between FSI and PDI
	 */
	public static String isolate(String text) {
		return FSI + text + PDI;
	}

	@Override
	protected @Nullable String getMessageInternal(@Nullable String code, Object @Nullable [] args,
			@Nullable Locale locale) {
		if (code == null) {
			return null;
		}
		Locale target = (locale != null) ? locale : Locale.ENGLISH;
		String pattern = resolveCodeWithoutArguments(code, target);
		if (pattern == null) {
			return null;
		}
		if (args == null || args.length == 0) {
			return pattern;
		}
		return format(pattern, args, target);
	}

	/**
	 * Formats a pattern with ICU's message format in a locale, isolating texts in a
	 * right-to-left language.
	 * @param pattern the ICU message pattern
	 * @param args its arguments
	 * @param locale the language
	 * @return the message
	 */
	static String format(String pattern, Object[] args, Locale locale) {
		Object[] values = args;
		if (isRightToLeft(locale)) {
			values = args.clone();
			for (int i = 0; i < values.length; i++) {
				if (values[i] instanceof CharSequence text && !text.isEmpty()) {
					values[i] = isolate(text.toString());
				}
			}
		}
		MessageFormat format = FORMATS.computeIfAbsent(new Pattern(pattern, locale),
				(key) -> new MessageFormat(key.pattern(), ULocale.forLocale(key.locale())));
		// ICU's MessageFormat may not format on two threads at once.
		synchronized (format) {
			return format.format(values);
		}
	}

	/**
	 * A message pattern in a language, parsed once.
	 *
	 * @param pattern the ICU message pattern
	 * @param locale the language
	 */
	private record Pattern(String pattern, Locale locale) {
	}

}
