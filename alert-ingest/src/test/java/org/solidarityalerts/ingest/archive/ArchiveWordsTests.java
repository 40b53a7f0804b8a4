package org.solidarityalerts.ingest.archive;

import java.util.Locale;
import java.util.ResourceBundle;

import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.util.ULocale;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archive's words: every language it speaks has every word English has, each a
 * message ICU can read.
 */
class ArchiveWordsTests {

	@Test
	void everyLanguageHasEveryWordAsAValidMessage() {
		ResourceBundle english = bundle("en");
		assertThat(english.keySet()).contains("badge.cancelled", "error.not-found", "error.not-found.what");
		for (String language : ArchiveWords.LANGUAGES) {
			ResourceBundle bundle = bundle(language);
			assertThat(bundle.keySet()).as(language).containsExactlyInAnyOrderElementsOf(english.keySet());
			for (String key : bundle.keySet()) {
				String written = new MessageFormat(bundle.getString(key), new ULocale(language))
					.format(new Object[] { "«x»" });
				assertThat(written).as(language + " " + key).isNotBlank().doesNotContain("{0}");
				if (english.getString(key).contains("{0}")) {
					assertThat(written).as(language + " " + key).contains("«x»");
				}
				if (!"en".equals(language) && !key.startsWith("kind.")) {
					assertThat(bundle.getString(key)).as(language + " " + key).isNotEqualTo(english.getString(key));
				}
			}
		}
	}

	@Test
	void theArchiveSpeaksItsLanguagesAndEnglishForTheRest() {
		assertThat(ArchiveWords.speaks("kk")).isTrue();
		assertThat(ArchiveWords.speaks("nl")).isFalse();
		assertThat(ArchiveWords.in("es-MX").language()).isEqualTo("es");
		assertThat(ArchiveWords.in("nl").language()).isEqualTo("en");
		assertThat(ArchiveWords.in("fa").direction()).isEqualTo("rtl");
	}

	private static ResourceBundle bundle(String language) {
		return ResourceBundle.getBundle("archive/words",
				"en".equals(language) ? Locale.ROOT : Locale.forLanguageTag(language),
				ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
	}

}
