package org.solidarityalerts.dispatch.subscription;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.dispatch.subscriber.Preferences;

/**
 * What a subscriber tells about themselves, checked: everything but the address.
 *
 * @param name how to greet them, if they said
 * @param residenceCountry where they live, if they said
 * @param languages content languages, best first
 * @param timeZone their time zone, if they said
 * @param preferences what they receive
 */
record Profile(@Nullable String name, @Nullable String residenceCountry, List<String> languages,
		@Nullable String timeZone, Preferences preferences) {
}
