package org.solidarityalerts.dispatch.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import com.ibm.icu.text.MessagePattern;
import com.ibm.icu.text.PluralRules;
import com.ibm.icu.util.ULocale;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every language the service speaks has every one of its words, and writes "N days left"
 * with the plural forms of its own CLDR rules.
 */
class ServiceWordsTests {

	private static final List<Long> COUNTS = List.of(0L, 1L, 2L, 5L, 11L, 21L, 101L);

	/**
	 * Written by hand, as a reader of each language expects them. The digits are the
	 * locale's own: CLDR gives Persian its Persian digits, and Arabic without a region
	 * Latin ones.
	 */
	private static final Map<String, List<String>> DAYS_LEFT = Map.of("en",
			List.of("today is the last day", "1 day left", "2 days left", "5 days left", "11 days left", "21 days left",
					"101 days left"),
			"ru",
			List.of("сегодня последний день", "остался 1 день", "осталось 2 дня", "осталось 5 дней", "осталось 11 дней",
					"остался 21 день", "остался 101 день"),
			"uk",
			List.of("сьогодні останній день", "залишився 1 день", "залишилося 2 дні", "залишилося 5 днів",
					"залишилося 11 днів", "залишився 21 день", "залишився 101 день"),
			"ar",
			List.of("اليوم هو اليوم الأخير", "بقي يوم واحد", "بقي يومان", "بقيت 5 أيام", "بقي 11 يومًا", "بقي 21 يومًا",
					"بقي 101 يوم"),
			"kk",
			List.of("бүгін — соңғы күн", "1 күн қалды", "2 күн қалды", "5 күн қалды", "11 күн қалды", "21 күн қалды",
					"101 күн қалды"),
			"fa",
			List.of("امروز آخرین روز است", "۱ روز مانده است", "۲ روز مانده است", "۵ روز مانده است", "۱۱ روز مانده است",
					"۲۱ روز مانده است", "۱۰۱ روز مانده است"),
			"de",
			List.of("heute ist der letzte Tag", "noch 1 Tag", "noch 2 Tage", "noch 5 Tage", "noch 11 Tage",
					"noch 21 Tage", "noch 101 Tage"),
			"es",
			List.of("hoy es el último día", "queda 1 día", "quedan 2 días", "quedan 5 días", "quedan 11 días",
					"quedan 21 días", "quedan 101 días"),
			"fr", List.of("c’est le dernier jour", "il reste 1 jour", "il reste 2 jours", "il reste 5 jours",
					"il reste 11 jours", "il reste 21 jours", "il reste 101 jours"));

	private final ServiceWords words = new ServiceWords();

	@Test
	void everyBundleHasEveryKeyThatEnglishHas() throws IOException {
		Set<String> english = keys(bundle("en"));
		assertThat(english).contains("days-left", "label.actions", "confirm.subject");
		for (String language : ServiceWords.LANGUAGES) {
			assertThat(keys(bundle(language))).as("the words of " + language).containsAll(english);
		}
	}

	@Test
	void everyMessageIsAValidIcuPatternAndOneWithoutArgumentsNeedsNoQuoting() throws IOException {
		for (String language : ServiceWords.LANGUAGES) {
			Properties bundle = bundle(language);
			for (String key : bundle.stringPropertyNames()) {
				MessagePattern pattern = new MessagePattern(bundle.getProperty(key));
				if (pattern.countParts() <= 2) {
					// Without arguments a message is shown as written: a doubled quote
					// would show.
					assertThat(bundle.getProperty(key)).as(language + " " + key).doesNotContain("''");
				}
			}
		}
	}

	@Test
	void everyPluralCoversTheCategoriesOfItsLanguage() throws IOException {
		for (String language : ServiceWords.LANGUAGES) {
			Set<String> categories = PluralRules.forLocale(ULocale.forLanguageTag(language)).getKeywords();
			Properties bundle = bundle(language);
			int plurals = 0;
			for (String key : bundle.stringPropertyNames()) {
				MessagePattern pattern = new MessagePattern(bundle.getProperty(key));
				for (int i = 0; i < pattern.countParts(); i++) {
					MessagePattern.Part part = pattern.getPart(i);
					if (part.getType() == MessagePattern.Part.Type.ARG_START
							&& part.getArgType() == MessagePattern.ArgType.PLURAL) {
						plurals++;
						assertThat(IcuBundles.selectors(pattern, i)).as(language + " " + key).containsAll(categories);
					}
				}
			}
			assertThat(plurals).as("plurals in " + language).isGreaterThanOrEqualTo(2);
		}
	}

	@Test
	void daysLeftFollowEachLanguagesPluralRules() {
		assertThat(DAYS_LEFT.keySet()).containsExactlyInAnyOrderElementsOf(ServiceWords.LANGUAGES);
		DAYS_LEFT.forEach((language, expected) -> {
			List<String> written = COUNTS.stream()
				.map((count) -> this.words.getMessage("days-left", new Object[] { count },
						Locale.forLanguageTag(language)))
				.toList();
			assertThat(written).as(language).containsExactlyElementsOf(expected);
		});
	}

	@Test
	void theReadersFirstLanguageThatTheServiceSpeaksIsChosenElseEnglish() {
		assertThat(ServiceWords.languageFor(List.of("hy", "ru-KZ", "kk"))).isEqualTo("ru");
		assertThat(ServiceWords.languageFor(List.of("kk"))).isEqualTo("kk");
		assertThat(ServiceWords.languageFor(List.of("hy"))).isEqualTo("en");
		assertThat(ServiceWords.languageFor(List.of())).isEqualTo("en");
	}

	@Test
	void textsInARightToLeftSentenceAreIsolatedAndNumbersAreNot() {
		assertThat(this.words.getMessage("step.write", new Object[] { "Supreme Court, Astana" }, Locale.of("ar")))
			.isEqualTo("اكتب إلى \u2068Supreme Court, Astana\u2069");
		assertThat(this.words.getMessage("step.write", new Object[] { "Supreme Court" }, Locale.ENGLISH))
			.isEqualTo("Write to Supreme Court");
		assertThat(this.words.getMessage("days-left", new Object[] { 3L }, Locale.of("ar"))).isEqualTo("بقيت 3 أيام");
	}

	private static Set<String> keys(Properties bundle) {
		Set<String> keys = new TreeSet<>(bundle.stringPropertyNames());
		// A country's article is an override of one language, not a word every language
		// needs.
		keys.removeIf((key) -> key.startsWith("country."));
		return keys;
	}

	private static Properties bundle(String language) throws IOException {
		return IcuBundles.load("mail/messages", language);
	}

}
