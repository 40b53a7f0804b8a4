package org.solidarityalerts.contract;

import org.jspecify.annotations.Nullable;
import org.owasp.html.HtmlChangeListener;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * The limited HTML an alert's body may carry, part of the contract: paragraphs, lists,
 * emphasis, quotes, sub-headings and https links (with
 * {@code rel="noopener noreferrer"}), nothing else (no script, event handlers, styles,
 * images or forms). Ingest refuses a body with other markup ({@link #firstDisallowed});
 * dispatch applies the same policy again when it writes a mail ({@link #sanitize}), so no
 * stored alert can inject markup. Checked with the OWASP Java HTML Sanitizer.
 */
public final class BodyMarkup {

	private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
		.allowElements("p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "h2", "h3", "a")
		.allowUrlProtocols("https")
		.allowAttributes("href")
		.onElements("a")
		.requireRelsOnLinks("noopener", "noreferrer")
		.toFactory();

	private BodyMarkup() {
	}

	/**
	 * A body with every disallowed element and attribute removed.
	 * @param html an alert body
	 * @return the body as the policy allows it
	 */
	public static String sanitize(String html) {
		return POLICY.sanitize(html);
	}

	/**
	 * Finds markup the policy would remove.
	 * @param html an alert body
	 * @return a description of the first disallowed element or attribute, or null if the
	 * body is clean
	 */
	public static @Nullable String firstDisallowed(String html) {
		StringBuilder found = new StringBuilder();
		POLICY.sanitize(html, new HtmlChangeListener<StringBuilder>() {

			@Override
			public void discardedTag(@Nullable StringBuilder context, String elementName) {
				note(context, "<" + elementName + ">");
			}

			@Override
			public void discardedAttributes(@Nullable StringBuilder context, String tagName, String... attributeNames) {
				note(context, tagName + " " + String.join(", ", attributeNames));
			}

			private void note(@Nullable StringBuilder context, String what) {
				if (context != null && context.isEmpty()) {
					context.append(what);
				}
			}

		}, found);
		return found.isEmpty() ? null : found.toString();
	}

}
