package org.solidarityalerts.contract;

import org.jspecify.annotations.Nullable;

/**
 * An alert's words in one language.
 *
 * @param title the headline, also the e-mail subject
 * @param summary one or two sentences saying what is happening and what to do
 * @param body the full text: limited HTML (paragraphs, lists, emphasis, https links),
 * sanitised by ingest
 * @param suggestedMessage text that supporters can copy and adapt in their letters and
 * e-mails
 */
public record LocalizedContent(String title, String summary, @Nullable String body, @Nullable String suggestedMessage) {
}
