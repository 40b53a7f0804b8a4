package org.solidarityalerts.dispatch.mail;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plain-text part reads like the HTML: every element the body may hold is tried.
 */
class PlainTextTests {

	@Test
	void paragraphsAreSeparatedByABlankLine() {
		assertThat(PlainText.of("<p>She was denied her medication.</p><p>Letters from abroad helped.</p>"))
			.isEqualTo("She was denied her medication.\n\nLetters from abroad helped.");
	}

	@Test
	void aLineBreakStartsANewLine() {
		assertThat(PlainText.of("<p>39 Example Avenue<br>Astana</p>")).isEqualTo("39 Example Avenue\nAstana");
	}

	@Test
	void strongAndBoldAreStarredEmphasisAndItalicUnderlined() {
		assertThat(PlainText.of("<p><strong>Now</strong>, <b>today</b>, <em>please</em> and <i>soon</i>.</p>"))
			.isEqualTo("*Now*, *today*, _please_ and _soon_.");
	}

	@Test
	void bulletedItemsAreOnLinesOfTheirOwnWithADash() {
		assertThat(PlainText.of("<p>Ask for:</p><ul><li>her release</li><li>medical care</li></ul><p>Thank you.</p>"))
			.isEqualTo("Ask for:\n\n- her release\n- medical care\n\nThank you.");
	}

	@Test
	void numberedItemsCarryTheirNumbersAndNestedListsAreIndented() {
		assertThat(PlainText.of("<ol><li>Write<ul><li>by post</li><li>by e-mail</li></ul></li><li>Share</li></ol>"))
			.isEqualTo("1. Write\n   - by post\n   - by e-mail\n2. Share");
	}

	@Test
	void quotationsAreMarked() {
		assertThat(PlainText.of("<p>She said:</p><blockquote><p>I will not give up.</p><p>Thank you.</p></blockquote>"))
			.isEqualTo("She said:\n\n> I will not give up.\n>\n> Thank you.");
	}

	@Test
	void headingsAreUnderlined() {
		assertThat(PlainText.of("<h2>Background</h2><p>Text.</p><h3>Her health</h3><p>More.</p>"))
			.isEqualTo("Background\n==========\n\nText.\n\nHer health\n----------\n\nMore.");
	}

	@Test
	void linksKeepTheirAddressAfterTheirText() {
		assertThat(PlainText.of("<p>Sign <a href=\"https://petition.example.org/x\">the petition</a> today.</p>"))
			.isEqualTo("Sign the petition <https://petition.example.org/x> today.");
		assertThat(PlainText.of("<p><a href=\"https://example.org\">https://example.org</a></p>"))
			.isEqualTo("https://example.org");
	}

	@Test
	void whitespaceOfTheSourceIsCollapsed() {
		assertThat(PlainText.of("<p>  one\n   two  </p>\n\n<p>three</p>")).isEqualTo("one two\n\nthree");
	}

}
