package org.solidarityalerts.ingest.alert;

import org.jspecify.annotations.Nullable;
import org.owasp.html.HtmlChangeListener;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

import org.springframework.stereotype.Component;

/**
 * The limited HTML allowed in an alert's body, checked with the OWASP Java HTML
 * Sanitizer: paragraphs, lists, emphasis, quotes, sub-headings and https links. Anything
 * else (script, event handlers, styles, images, forms) is reported so the alert can be
 * refused.
 */
@Component
class RichText {

	static final PolicyFactory POLICY = new HtmlPolicyBuilder()
		.allowElements("p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "h2", "h3", "a")
		.allowUrlProtocols("https")
		.allowAttributes("href")
		.onElements("a")
		.requireRelsOnLinks("noopener", "noreferrer")
		.toFactory();

	/**
	 * Finds markup the policy would remove.
	 * @param html an alert body
	 * @return a description of the first disallowed element or attribute, or null if the
	 * body is clean
	 */
	@Nullable String unsafeMarkup(String html) {
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
