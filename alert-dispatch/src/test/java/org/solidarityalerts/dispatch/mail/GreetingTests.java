package org.solidarityalerts.dispatch.mail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.subscriber.Recipient;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A locale's greeting, worked out once for a fan-out, greets every reader exactly as
 * formatting the message for each would: in every language the service speaks, with names
 * that hold what a message pattern treats specially, and with none.
 */
class GreetingTests {

	private final ServiceWords words = new ServiceWords();

	private final AlertContent content = new AlertContent(this.words);

	@Test
	void theGreetingWorkedOutOnceIsTheOneFormattedForEachReader() {
		List<String> names = Arrays.asList("Amina Diallo", "Seán O'Brien", "'quoted'", "{0} {1}", "$1 \\ \\u0041",
				"Ана-Марія", "مریم رضایی", "Jean-Luc\u200D", " padded ", "", "   ", null);
		List<Locale> locales = new ArrayList<>();
		ServiceWords.LANGUAGES.forEach((language) -> {
			locales.add(Locale.forLanguageTag(language));
			locales.add(Locale.forLanguageTag(language + "-GB"));
		});
		for (Locale locale : locales) {
			AlertContent.Greeting greeting = this.content.greeting(locale);
			for (String name : names) {
				String expected = (name != null && !name.isBlank())
						? this.words.getMessage("greeting.named", new Object[] { name }, locale)
						: this.words.getMessage("greeting.anonymous", null, locale);
				assertThat(greeting.to(reader(name))).as("%s, %s", locale, name).isEqualTo(expected);
			}
		}
		assertThat(this.content.greeting(Locale.forLanguageTag("fa")).to(reader("Amina")))
			.as("a name isolated in a right-to-left sentence")
			.contains(ServiceWords.isolate("Amina"));
	}

	private static Recipient reader(String name) {
		return new Recipient(SubscriberId.random(), "reader@example.org", name, null, List.of("en"), null,
				SubscriberStatus.CONFIRMED);
	}

}
