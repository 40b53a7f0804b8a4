package org.solidarityalerts.ingest.progress;

import java.time.Instant;

/**
 * An alert version's fan-out finished: dispatch resolved its audience and every reader in
 * it has a final outcome (sent, failed or dead-lettered). Announced as an application
 * event, once per version as a rule, and again only if its first announcement may not
 * have been heard (see {@link DeliveryProgress}): a listener must act on it idempotently.
 *
 * @param alertId the alert
 * @param progress the version's counters when it finished
 * @param finishedAt when ingest saw it finish
 */
public record FanOutFinished(String alertId, Progress progress, Instant finishedAt) {
}
