package org.solidarityalerts.dispatch.fanout;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * How far the audience stage of one alert version has got: a single document, updated
 * atomically at each checkpoint.
 *
 * @param id the alert version's key
 * @param phase which audience is being streamed: {@code subscribers} (who match the alert
 * now) or {@code past-recipients} (who received an earlier version)
 * @param lastSubscriberId the last subscriber id handed to senders at the last checkpoint
 * @param batches batches handed out up to the checkpoint
 * @param audience recipients handed out up to the checkpoint
 * @param complete whether the whole audience has been handed out
 * @param startedAt when the stage first started
 * @param completedAt when it completed
 */
@Document("fanouts")
record FanOutProgress(@Id String id, String phase, @Nullable String lastSubscriberId, int batches, long audience,
		boolean complete, Instant startedAt, @Nullable Instant completedAt) {
}
