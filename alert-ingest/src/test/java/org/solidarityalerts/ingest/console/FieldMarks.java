package org.solidarityalerts.ingest.console;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a screen reader is told of a console field sent back with a problem: that it is
 * invalid, and, as its description, what is wrong.
 */
final class FieldMarks {

	private FieldMarks() {
	}

	/**
	 * Asserts that a page's field is marked invalid and described by its problem.
	 * @param html the page
	 * @param field the field's id
	 * @param problem words of the problem
	 */
	static void assertMarkedInvalid(String html, String field, String problem) {
		Document page = Jsoup.parse(html);
		Element control = page.getElementById(field);
		assertThat(control).as(field).isNotNull();
		assertThat(control.attr("aria-invalid")).as(field).isEqualTo("true");
		Element description = page.getElementById(control.attr("aria-describedby"));
		assertThat(description).as(field + "'s description").isNotNull();
		assertThat(description.text()).contains(problem);
	}

}
