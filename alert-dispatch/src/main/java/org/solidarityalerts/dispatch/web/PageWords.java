package org.solidarityalerts.dispatch.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.ibm.icu.text.Collator;
import com.ibm.icu.util.ULocale;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.dispatch.mail.ServiceWords;

/**
 * What the page templates ask beyond their bundle ({@code @pageWords} in a template): the
 * direction of the page's language, the switcher's languages, country names in the
 * reader's language, and the words for what other classes say in English.
 * <p>
 * The field problems of the sign-up checks and the refusals of a sign-up are English,
 * since the sign-up API answers in English. A page shows them in its language by their
 * wording: each {@code said.*} message of the English page bundle is the exact English
 * sentence, with {@code {0}} where a number goes, and the page shows the same key of its
 * own language. {@code PageBundlesTests} fails when a sentence the checks say has no such
 * key, so a changed wording cannot fall back to English unnoticed.
 */
public final class PageWords {

	/** The bundle of the pages, English. */
	static final String ENGLISH_BUNDLE = "web/pages.properties";

	/** Each language named in itself, in the order of {@link ServiceWords#LANGUAGES}. */
	private static final Map<String, String> SELF_NAMES = selfNames();

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d)\\}");

	private final ServiceWords words;

	private final List<Said> said;

	private final Map<String, Map<String, String>> countries = new ConcurrentHashMap<>();

	/**
	 * Reads the English page bundle's {@code said.*} sentences.
	 * @param words the page words, then the e-mails' words
	 */
	public PageWords(ServiceWords words) {
		this.words = words;
		this.said = said(english());
	}

	/**
	 * The value of the {@code dir} attribute of a page.
	 * @param locale the page's language
	 * @return {@code rtl} or {@code ltr}
	 */
	public String direction(Locale locale) {
		return ServiceWords.direction(locale);
	}

	/**
	 * The value of the {@code dir} attribute for a language.
	 * @param language its code
	 * @return {@code rtl} or {@code ltr}
	 */
	public String directionOf(String language) {
		return ServiceWords.direction(Locale.forLanguageTag(language));
	}

	/**
	 * The languages of the switcher, each named in itself.
	 * @return code to name
	 */
	public Map<String, String> languages() {
		return SELF_NAMES;
	}

	/**
	 * The countries to choose from, named and sorted in the reader's language.
	 * @param locale the page's language
	 * @return code to name
	 */
	public Map<String, String> countries(Locale locale) {
		return this.countries.computeIfAbsent(locale.getLanguage(), (language) -> {
			ULocale reader = ULocale.forLanguageTag(language);
			Collator collator = Collator.getInstance(reader);
			Map<String, String> byName = new TreeMap<>(collator);
			for (String code : Locale.getISOCountries()) {
				byName.put(new ULocale("", code).getDisplayCountry(reader) + "\u0000" + code, code);
			}
			Map<String, String> choices = new LinkedHashMap<>();
			byName.forEach((key, code) -> choices.put(code, key.substring(0, key.indexOf('\u0000'))));
			return java.util.Collections.unmodifiableMap(choices);
		});
	}

	/**
	 * An English text of the checks or of a refusal, in the reader's language: each
	 * sentence known by its wording is replaced, anything else is left as it is.
	 * @param english the text, one or more sentences
	 * @param locale the page's language
	 * @return the text in that language
	 */
	public @Nullable String say(@Nullable String english, Locale locale) {
		if (english == null || english.isEmpty() || locale.getLanguage().equals("en")) {
			return english;
		}
		String text = english;
		for (Said sentence : this.said) {
			Matcher matcher = sentence.english().matcher(text);
			text = matcher.replaceAll((match) -> Matcher.quoteReplacement(sentence.in(match, locale, this.words)));
		}
		return text;
	}

	/**
	 * Whether an English sentence has a translation.
	 * @param english the sentence
	 * @return true if it matches a {@code said.*} message entirely
	 */
	boolean knows(String english) {
		return this.said.stream().anyMatch((sentence) -> sentence.english().matcher(english).matches());
	}

	private static Properties english() {
		Properties bundle = new Properties();
		try (InputStream in = PageWords.class.getClassLoader().getResourceAsStream(ENGLISH_BUNDLE)) {
			if (in == null) {
				throw new IllegalStateException("No " + ENGLISH_BUNDLE);
			}
			bundle.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bundle;
	}

	private static List<Said> said(Properties english) {
		List<Said> said = new ArrayList<>();
		for (String key : new java.util.TreeSet<>(english.stringPropertyNames())) {
			if (key.startsWith("said.")) {
				said.add(new Said(key, regex(english.getProperty(key))));
			}
		}
		return List.copyOf(said);
	}

	/**
	 * An English message with {@code {0}} as a regular expression with a number group.
	 */
	private static Pattern regex(String message) {
		StringBuilder regex = new StringBuilder();
		Matcher placeholder = PLACEHOLDER.matcher(message);
		int from = 0;
		while (placeholder.find()) {
			regex.append(Pattern.quote(message.substring(from, placeholder.start()))).append("(\\d+)");
			from = placeholder.end();
		}
		regex.append(Pattern.quote(message.substring(from)));
		return Pattern.compile(regex.toString());
	}

	private static Map<String, String> selfNames() {
		Map<String, String> names = new LinkedHashMap<>();
		names.put("en", "English");
		names.put("es", "Español");
		names.put("fr", "Français");
		names.put("ru", "Русский");
		names.put("kk", "Қазақша");
		names.put("uk", "Українська");
		names.put("de", "Deutsch");
		names.put("ar", "العربية");
		names.put("fa", "فارسی");
		if (!List.copyOf(names.keySet()).equals(ServiceWords.LANGUAGES)) {
			throw new IllegalStateException("Name every language of ServiceWords.LANGUAGES in itself");
		}
		return java.util.Collections.unmodifiableMap(names);
	}

	/** A sentence known by its English wording. */
	private record Said(String key, Pattern english) {

		String in(java.util.regex.MatchResult match, Locale locale, ServiceWords words) {
			Object[] numbers = new Object[match.groupCount()];
			for (int i = 0; i < numbers.length; i++) {
				numbers[i] = Long.valueOf(match.group(i + 1));
			}
			return words.getMessage(this.key, numbers, locale);
		}

	}

}
