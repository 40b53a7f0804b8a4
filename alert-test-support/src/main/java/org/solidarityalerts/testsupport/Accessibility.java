package org.solidarityalerts.testsupport;

import java.util.List;
import java.util.stream.Collectors;

import com.deque.html.axecore.args.AxeRunOptions;
import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Page;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deque's axe-core, run in a browser test's page: the checks of WCAG 2.2 levels A and AA
 * that a machine can make (names and labels, contrast, the page's language, valid ARIA),
 * and axe's best practices (headings in order, content inside landmarks). What it cannot
 * judge (whether a text makes sense, the order a screen reader reads in) stays with
 * people.
 */
public final class Accessibility {

	/** The checks run: WCAG 2.2 levels A and AA, and axe's best practices. */
	public static final List<String> CHECKS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
			"best-practice");

	private Accessibility() {
	}

	/**
	 * Asserts that the page as it is now breaks none of the checks, naming each rule
	 * broken and the elements that break it.
	 * @param page the page, loaded
	 */
	public static void assertAccessible(Page page) {
		List<Rule> violations = violations(page);
		assertThat(violations)
			.as(() -> page.url() + violations.stream()
				.map((rule) -> "\n" + rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp()
						+ rule.getNodes()
							.stream()
							.map((node) -> "\n    " + node.getHtml() + "\n      " + node.getFailureSummary())
							.collect(Collectors.joining()))
				.collect(Collectors.joining()))
			.isEmpty();
	}

	/**
	 * The checks the page breaks.
	 * @param page the page, loaded
	 * @return the rules broken, with the elements that break them
	 */
	public static List<Rule> violations(Page page) {
		AxeRunOptions options = new AxeRunOptions();
		// The pages' only frames are sandboxed previews of an e-mail, which run no
		// script: axe's checks cannot enter them (it would wait for them forever), and
		// their content is the e-mail's, not the page's. So the page is checked in one
		// run, without its frames.
		options.setIFrames(false);
		// The options first: they replace any set before, the tags among them.
		return new AxeBuilder(page).options(options).withTags(CHECKS).setLegacyMode(true).analyze().getViolations();
	}

}
