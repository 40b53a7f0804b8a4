package org.solidarityalerts.ingest.alert;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import org.jspecify.annotations.Nullable;

/**
 * An organiser's request to call an alert off.
 *
 * @param reason why, by language tag; must include the alert's default language, e.g.
 * {@code {"en": "Released: no further action"}}
 */
public record Cancellation(@Schema(requiredMode = RequiredMode.REQUIRED) @Nullable Map<String, String> reason) {
}
