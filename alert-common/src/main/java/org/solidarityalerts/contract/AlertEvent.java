package org.solidarityalerts.contract;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * A change in an alert's life, after the Common Alerting Protocol's message types:
 * published, updated, cancelled. Keyed by alert id on Kafka, so a consumer sees one
 * alert's versions in order.
 */
public sealed interface AlertEvent extends ContractEvent {

	/**
	 * The alert as it stands with this event.
	 * @return the version this event carries
	 */
	AlertSnapshot alert();

	/**
	 * The alert the event concerns.
	 * @return its id
	 */
	@JsonIgnore
	default AlertId alertId() {
		return alert().id();
	}

	@Override
	@JsonIgnore
	default String subject() {
		return alertId().toString();
	}

	/**
	 * The version this event carries.
	 * @return alert id and version
	 */
	@JsonIgnore
	default AlertVersion alertVersion() {
		return alert().alertVersion();
	}

	@Override
	@JsonIgnore
	default String type() {
		return ContractEvent.super.type();
	}

	/**
	 * An alert's first version was published: send it to its audience.
	 *
	 * @param eventId this event
	 * @param schemaVersion the body's schema version
	 * @param occurredAt when it was published
	 * @param alert version 1 of the alert
	 */
	@JsonTypeName("alert.published")
	record AlertPublished(EventId eventId, int schemaVersion, Instant occurredAt,
			AlertSnapshot alert) implements AlertEvent {
	}

	/**
	 * A new version replaces an earlier one ("the court review is set for 25 November").
	 *
	 * @param eventId this event
	 * @param schemaVersion the body's schema version
	 * @param occurredAt when it was published
	 * @param alert the new version
	 * @param replacesVersion the version it replaces
	 */
	@JsonTypeName("alert.updated")
	record AlertUpdated(EventId eventId, int schemaVersion, Instant occurredAt, AlertSnapshot alert,
			int replacesVersion) implements AlertEvent {
	}

	/**
	 * The alert is called off ("released: no further action"): pending sends stop, and
	 * those who received it are told.
	 *
	 * @param eventId this event
	 * @param schemaVersion the body's schema version
	 * @param occurredAt when it was cancelled
	 * @param alert the alert as it stood, with the cancelling version number
	 * @param reason why, by language tag; always has the alert's default language
	 */
	@JsonTypeName("alert.cancelled")
	record AlertCancelled(EventId eventId, int schemaVersion, Instant occurredAt, AlertSnapshot alert,
			Map<String, String> reason) implements AlertEvent {

		public AlertCancelled {
			reason = Map.copyOf(reason);
		}

	}

}
