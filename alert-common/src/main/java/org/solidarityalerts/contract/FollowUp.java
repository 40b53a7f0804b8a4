package org.solidarityalerts.contract;

import org.jspecify.annotations.Nullable;

/**
 * The earlier alert that an alert follows up ("the appeal date is set", "she has been
 * released").
 *
 * @param alertId the earlier alert's id
 * @param title its title by language, as ingest knew it when the follow-up was posted, if
 * it knew the alert
 */
public record FollowUp(String alertId, @Nullable LocalizedText title) {
}
