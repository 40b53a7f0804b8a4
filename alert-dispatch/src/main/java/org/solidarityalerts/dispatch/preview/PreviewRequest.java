package org.solidarityalerts.dispatch.preview;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertSnapshot;

/**
 * What to preview: an alert as the contract carries it, and the reader to render it for.
 *
 * @param alert the alert version, in the contract's wire format
 * @param reader who would receive it
 * @param to for a test send, the one address to send it to
 */
record PreviewRequest(@Nullable AlertSnapshot alert, @Nullable Reader reader, @Nullable String to) {

	/**
	 * A reader's profile, as a subscriber's would be.
	 *
	 * @param languages content languages, best first (BCP 47)
	 * @param residenceCountry where they live (ISO 3166-1 alpha-2)
	 * @param timeZone their time zone (an IANA id)
	 * @param name how to greet them
	 */
	record Reader(@Nullable List<String> languages, @Nullable String residenceCountry, @Nullable String timeZone,
			@Nullable String name) {

		List<String> languagesOrNone() {
			return (this.languages != null) ? this.languages : List.of();
		}

	}

}
