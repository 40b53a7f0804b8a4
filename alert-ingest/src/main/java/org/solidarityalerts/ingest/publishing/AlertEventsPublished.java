package org.solidarityalerts.ingest.publishing;

import java.util.List;

import org.solidarityalerts.contract.AlertEvent;

/**
 * Kafka acknowledged these events of one alert; announced inside the application before
 * the outbox records them as published, so that a listener that stores what it must do
 * about them (a webhook to call) cannot miss them: if this process dies in between, the
 * relay publishes them again and the listener is told again (the events' ids stay the
 * same, so it can drop what it already has).
 *
 * @param alertId the alert
 * @param events its events, in order
 */
public record AlertEventsPublished(String alertId, List<AlertEvent> events) {

	public AlertEventsPublished {
		events = List.copyOf(events);
	}

}
