package org.solidarityalerts.ingest.alert;

/**
 * An alert's new event is stored and waits in the outbox: a signal for the relay to
 * publish now rather than at its next poll.
 *
 * @param alertId the alert
 */
public record AlertStored(String alertId) {
}
