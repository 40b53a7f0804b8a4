package org.solidarityalerts.ingest.preview;

/**
 * What a reader would receive, as dispatch renders it.
 *
 * @param subject the message's subject
 * @param html the HTML part
 * @param text the plain-text part
 * @param language the language of the alert's content shown (BCP 47)
 * @param wordsLanguage the language of the service's own words (BCP 47)
 */
public record RenderedPreview(String subject, String html, String text, String language, String wordsLanguage) {
}
