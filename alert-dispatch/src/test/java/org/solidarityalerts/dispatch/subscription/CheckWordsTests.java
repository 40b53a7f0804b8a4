package org.solidarityalerts.dispatch.subscription;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.solidarityalerts.dispatch.signup.SignUps;
import org.solidarityalerts.dispatch.mail.ServiceWords;
import org.solidarityalerts.dispatch.web.PageWords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every sentence the sign-up checks say (in English, for the API) is shown translated on
 * the pages: a check whose wording changes without its page bundle key fails here.
 */
class CheckWordsTests {

	private final PageWords pageWords = new PageWords(pageMessages());

	@Test
	void everySentenceOfTheChecksHasItsWordsInEveryLanguage() {
		Set<String> said = new TreeSet<>();
		said.addAll(problems(request(null, "x\n", "ZZ", List.of("zz"), List.of("Not A Campaign"), List.of("ZZ"),
				List.of("poem"), "hourly", "Mars/Olympus", null)));
		said.addAll(problems(request("a".repeat(250) + "@example.org", "x".repeat(101), null,
				List.of("en", "fr", "de", "es", "ru", "kk"), List.of(), List.of(), List.of(), null, null, true)));
		said.addAll(problems(request("not an address", null, null, null, null,
				Collections.nCopies(Checks.MAX_ITEMS + 1, "FR"), null, null, null, true)));
		said.add(SignUps.INTERNATIONAL_MAILBOX);
		assertThat(said).hasSizeGreaterThanOrEqualTo(15);
		for (String language : ServiceWords.LANGUAGES.subList(1, ServiceWords.LANGUAGES.size())) {
			for (String sentence : said) {
				assertThat(this.pageWords.say(sentence, Locale.forLanguageTag(language))).as(language + ": " + sentence)
					.isNotEqualTo(sentence)
					.doesNotContain(sentence.substring(0, Math.min(12, sentence.length())));
			}
		}
	}

	private static List<String> problems(SignUpRequest request) {
		InvalidInputException ex = catchThrowableOfType(InvalidInputException.class, () -> Checks.signUp(request));
		List<String> messages = new ArrayList<>();
		ex.problems().forEach((problem) -> messages.add(problem.message()));
		return messages;
	}

	private static SignUpRequest request(String email, String name, String residence, List<String> languages,
			List<String> campaigns, List<String> countries, List<String> kinds, String cadence, String timeZone,
			Boolean consent) {
		return new SignUpRequest(email, name, residence, languages, campaigns, countries, kinds, cadence, timeZone,
				consent);
	}

	private static ServiceWords pageMessages() {
		ServiceWords words = new ServiceWords();
		words.setBasenames("web/pages", "mail/messages");
		return words;
	}

}
