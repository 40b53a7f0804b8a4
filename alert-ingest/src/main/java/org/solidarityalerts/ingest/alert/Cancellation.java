package org.solidarityalerts.ingest.alert;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An organiser's request to call an alert off.
 *
 * @param reason why, by language tag; must include the alert's default language, e.g.
 * {@code {"en": "Released: no further action"}}
 */
record Cancellation(@Nullable Map<String, String> reason) {
}
