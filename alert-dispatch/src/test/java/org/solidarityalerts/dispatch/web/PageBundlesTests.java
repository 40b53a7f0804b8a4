package org.solidarityalerts.dispatch.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import com.ibm.icu.text.MessagePattern;
import com.ibm.icu.text.PluralRules;
import com.ibm.icu.util.ULocale;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.dispatch.mail.IcuBundles;
import org.solidarityalerts.dispatch.mail.ServiceWords;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page bundles {@code web/pages*.properties}: complete, valid ICU, plurals that cover
 * each language's CLDR categories, and the English sentences of the checks translated by
 * their wording.
 */
class PageBundlesTests {

	private final ServiceWords words = new PageLanguages().messageSource();

	private final PageWords pageWords = new PageWords(this.words);

	@Test
	void everyPageBundleHasEveryKeyThatEnglishHas() throws IOException {
		Set<String> english = bundle("en").stringPropertyNames();
		assertThat(english).contains("page.subscribe.heading", "page.preferences.title", "said.email.blank");
		for (String language : ServiceWords.LANGUAGES) {
			Set<String> keys = bundle(language).stringPropertyNames();
			Set<String> missing = new TreeSet<>(english);
			missing.removeAll(keys);
			Set<String> extra = new TreeSet<>(keys);
			extra.removeAll(english);
			assertThat(missing).as("keys missing in the pages of " + language).isEmpty();
			assertThat(extra).as("keys of " + language + " that English does not have").isEmpty();
		}
	}

	@Test
	void everyMessageIsAValidIcuPatternAndOneWithoutArgumentsNeedsNoQuoting() throws IOException {
		for (String language : ServiceWords.LANGUAGES) {
			Properties bundle = bundle(language);
			for (String key : bundle.stringPropertyNames()) {
				String message = bundle.getProperty(key);
				assertThat(message).as(language + " " + key).isNotBlank();
				MessagePattern pattern = new MessagePattern(message);
				if (pattern.countParts() <= 2) {
					assertThat(message).as(language + " " + key).doesNotContain("''");
				}
			}
		}
	}

	@Test
	void everyPluralCoversTheCategoriesOfItsLanguage() throws IOException {
		for (String language : ServiceWords.LANGUAGES) {
			Set<String> categories = PluralRules.forLocale(ULocale.forLanguageTag(language)).getKeywords();
			Properties bundle = bundle(language);
			for (String key : bundle.stringPropertyNames()) {
				MessagePattern pattern = new MessagePattern(bundle.getProperty(key));
				for (int i = 0; i < pattern.countParts(); i++) {
					MessagePattern.Part part = pattern.getPart(i);
					if (part.getType() == MessagePattern.Part.Type.ARG_START
							&& part.getArgType() == MessagePattern.ArgType.PLURAL) {
						assertThat(IcuBundles.selectors(pattern, i)).as(language + " " + key).containsAll(categories);
					}
				}
			}
		}
	}

	@Test
	void theEnglishSentencesOfTheChecksHaveOnlyNumberedPlaceholders() throws IOException {
		Properties english = bundle("en");
		for (String key : english.stringPropertyNames()) {
			if (key.startsWith("said.")) {
				assertThat(english.getProperty(key).replaceAll("\\{\\d\\}", "")).as(key).doesNotContain("{", "}", "'");
			}
		}
	}

	@Test
	void aSentenceOfTheChecksIsShownInTheReadersLanguageWithItsPluralAndSeveralInARow() {
		Locale russian = Locale.forLanguageTag("ru");
		assertThat(this.pageWords.say("Choose at most 5 languages.", russian)).isEqualTo("Выберите не более 5 языков.");
		assertThat(this.pageWords.say("A name can have at most 100 characters.", Locale.forLanguageTag("uk")))
			.isEqualTo("Ім’я може містити щонайбільше 100 символів.");
		assertThat(this.pageWords.say("Choose at most 2 languages.", Locale.forLanguageTag("ar")))
			.isEqualTo("اختر لغتين على الأكثر.");
		assertThat(this.pageWords.say(
				"Unknown country: choose one from the list. Unknown country: choose one from the list.", Locale.GERMAN))
			.isEqualTo("Unbekanntes Land: Bitte wählen Sie eines aus der Liste. "
					+ "Unbekanntes Land: Bitte wählen Sie eines aus der Liste.");
		assertThat(this.pageWords.say("Please give your e-mail address.", Locale.ENGLISH))
			.isEqualTo("Please give your e-mail address.");
		assertThat(this.pageWords.say("Something nobody wrote down.", russian))
			.isEqualTo("Something nobody wrote down.");
	}

	@Test
	void pagesReuseTheWordsOfTheEmailsAndTheirOwnComeFirst() {
		assertThat(this.words.getMessage("confirm.button", null, Locale.forLanguageTag("fa")))
			.isEqualTo("اشتراکم را تأیید می‌کنم");
		assertThat(this.words.getMessage("page.subscribe.heading", null, Locale.forLanguageTag("kk")))
			.isEqualTo("Ынтымақтастық үндеулерін алыңыз");
	}

	@Test
	void theSwitcherNamesEachLanguageInItselfAndCountriesAreNamedInTheReadersLanguage() {
		assertThat(this.pageWords.languages()).containsExactly(java.util.Map.entry("en", "English"),
				java.util.Map.entry("es", "Español"), java.util.Map.entry("fr", "Français"),
				java.util.Map.entry("ru", "Русский"), java.util.Map.entry("kk", "Қазақша"),
				java.util.Map.entry("uk", "Українська"), java.util.Map.entry("de", "Deutsch"),
				java.util.Map.entry("ar", "العربية"), java.util.Map.entry("fa", "فارسی"));
		assertThat(this.pageWords.countries(Locale.GERMAN)).containsEntry("DE", "Deutschland");
		assertThat(this.pageWords.countries(Locale.forLanguageTag("kk"))).containsEntry("KZ", "Қазақстан");
		assertThat(this.pageWords.direction(Locale.forLanguageTag("fa"))).isEqualTo("rtl");
	}

	@Test
	void theBrowsersBestLanguageThatTheServiceSpeaksIsChosenElseEnglish() {
		assertThat(ReaderLocaleResolver.fromBrowser("fr-CA,fr;q=0.9,en;q=0.5")).isEqualTo(Locale.FRENCH);
		assertThat(ReaderLocaleResolver.fromBrowser("hy,kk;q=0.8,ru;q=0.5")).isEqualTo(Locale.forLanguageTag("kk"));
		assertThat(ReaderLocaleResolver.fromBrowser("hy")).isEqualTo(Locale.ENGLISH);
		assertThat(ReaderLocaleResolver.fromBrowser("not a header;;")).isEqualTo(Locale.ENGLISH);
		assertThat(ReaderLocaleResolver.fromBrowser(null)).isEqualTo(Locale.ENGLISH);
	}

	private static Properties bundle(String language) throws IOException {
		return IcuBundles.load("web/pages", language);
	}

}
