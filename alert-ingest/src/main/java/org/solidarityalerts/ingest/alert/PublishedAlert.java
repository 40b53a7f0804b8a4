package org.solidarityalerts.ingest.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.BodyMarkup;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.LocalizedContent;

/**
 * An alert as the public may see it: its latest version that the relay has published,
 * never a version still under embargo or waiting in the outbox.
 *
 * @param id the alert's id
 * @param alert its latest published version
 * @param state whether that version is the first, an update or a cancellation
 * @param firstPublishedAt when its first version was published
 * @param updatedAt when its latest published version was published
 * @param cancellationReason why it was called off, by language tag; empty unless
 * cancelled
 */
public record PublishedAlert(String id, AlertSnapshot alert, State state, Instant firstPublishedAt, Instant updatedAt,
		Map<String, String> cancellationReason) {

	public PublishedAlert {
		cancellationReason = Map.copyOf(cancellationReason);
	}

	/**
	 * The words in a language, else in the default language.
	 * @param language a language tag, or null for the default language
	 * @return the content to show
	 */
	public LocalizedContent content(@Nullable String language) {
		return this.alert.contentFor((language != null) ? List.of(language) : List.of());
	}

	/**
	 * The language {@link #content(String)} chose.
	 * @param language a language tag, or null for the default language
	 * @return the tag of the content shown
	 */
	public String language(@Nullable String language) {
		return this.alert.languageFor((language != null) ? List.of(language) : List.of());
	}

	/**
	 * The body in a language as HTML that is safe to embed: sanitised again with the
	 * policy that accepted it, so a page never trusts stored markup alone.
	 * @param language a language tag, or null for the default language
	 * @return the body's safe HTML, or null if it has none
	 */
	public @Nullable String safeBody(@Nullable String language) {
		String body = content(language).body();
		return (body != null) ? BodyMarkup.sanitize(body) : null;
	}

	/**
	 * Where a published alert stands.
	 */
	public enum State {

		/** Its first version is out. */
		PUBLISHED,

		/** A later version replaced the first. */
		UPDATED,

		/** It was called off. */
		CANCELLED

	}

}
