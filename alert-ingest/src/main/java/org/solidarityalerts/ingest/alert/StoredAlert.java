package org.solidarityalerts.ingest.alert;

import java.time.Instant;
import java.util.List;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertKind;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;

/**
 * One alert with all its versions. Each version is an event that is also an outbox entry:
 * it is published onto Kafka by the relay, which records when. Everything about an alert
 * changes in single-document atomic writes.
 *
 * @param id the alert's id
 * @param organisation the owning organisation
 * @param kind the alert's kind
 * @param campaignId its campaign
 * @param campaignName its campaign's name, as the latest version gives it
 * @param cancelled whether it has been called off
 * @param version its latest version
 * @param publishAt its embargo: no event is published before it
 * @param createdAt when it was first posted
 * @param updatedAt when it last changed
 * @param events its events in order: the versions, and the outbox
 * @param pending whether any event is still unpublished
 * @param nextDueAt when the earliest unpublished event may be published (absent when none
 * is pending)
 * @param leaseUntil until when a relay instance owns the publishing of this alert
 * @param leaseToken which claim holds the lease
 */
@org.springframework.data.mongodb.core.mapping.Document("alerts")
@CompoundIndexes({ @CompoundIndex(name = "relay_due", def = "{'pending': 1, 'nextDueAt': 1}"),
		@CompoundIndex(name = "organisation_created_id", def = "{'organisation': 1, 'createdAt': -1, '_id': 1}"),
		@CompoundIndex(name = "organisation_campaign", def = "{'organisation': 1, 'campaignId': 1}") })
record StoredAlert(@Id String id, String organisation, AlertKind kind, String campaignId, @Nullable String campaignName,
		boolean cancelled, int version, Instant publishAt, Instant createdAt, Instant updatedAt,
		List<StoredEvent> events, boolean pending, @Nullable Instant nextDueAt, @Nullable Instant leaseUntil,
		@Nullable String leaseToken) {

	/**
	 * One event of the alert, and its place in the outbox.
	 *
	 * @param eventId the event's id
	 * @param type its type id
	 * @param version the alert version it carries
	 * @param topic the topic it goes to
	 * @param createdAt when it was accepted
	 * @param notBefore the earliest time it may be published
	 * @param publishedAt when Kafka acknowledged it, or null while it is pending
	 * @param body the event as it is written on the wire
	 * @param traceparent the W3C trace context of the request that stored it, restored
	 * when it is published; null outside a trace
	 */
	record StoredEvent(String eventId, String type, int version, String topic, Instant createdAt, Instant notBefore,
			@Nullable Instant publishedAt, Document body, @Nullable String traceparent) {
	}

}
