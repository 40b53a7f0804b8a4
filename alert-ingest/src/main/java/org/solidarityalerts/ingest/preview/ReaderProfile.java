package org.solidarityalerts.ingest.preview;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The reader a preview is rendered for, as a subscriber's profile would be.
 *
 * @param languages content languages, best first (BCP 47), e.g. {@code ["ru", "en"]}
 * @param residenceCountry where they live (ISO 3166-1 alpha-2), which chooses the embassy
 * and the actions shown
 * @param timeZone their time zone (an IANA id), in which the deadline is shown
 * @param name how they are greeted
 */
public record ReaderProfile(@Nullable List<String> languages, @Nullable String residenceCountry,
		@Nullable String timeZone, @Nullable String name) {
}
