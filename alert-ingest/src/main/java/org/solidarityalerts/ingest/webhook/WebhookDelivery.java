package org.solidarityalerts.ingest.webhook;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One event to post to one endpoint, and how that is going: the webhooks' outbox. Its id
 * is the event's id and the endpoint's, so an event the relay publishes twice is queued
 * once; it is also the {@code webhook-id} the receiver sees, the same on every attempt.
 * Every change is a single-document atomic write.
 *
 * @param id the delivery's id and message id
 * @param endpointId the endpoint
 * @param organisation the organisation (the endpoint's and the alert's)
 * @param type the event's type, e.g. {@code alert.published}
 * @param alertId the alert
 * @param payload the JSON body, exactly as it is signed and posted
 * @param status pending, delivered or failed (given up)
 * @param attempts how many attempts were made
 * @param createdAt when it was queued
 * @param nextAttemptAt when it is next due, while pending
 * @param lastAttemptAt when it was last attempted
 * @param lastStatus the HTTP status of the last attempt, if there was an answer
 * @param lastError why the last failed attempt failed
 * @param deliveredAt when the endpoint accepted it
 * @param leaseUntil until when a sender owns it
 * @param leaseToken which claim holds the lease
 */
@Document("webhook_deliveries")
@CompoundIndexes({ @CompoundIndex(name = "due", def = "{'status': 1, 'nextAttemptAt': 1}"),
		@CompoundIndex(name = "endpoint_created", def = "{'endpointId': 1, 'createdAt': -1}") })
record WebhookDelivery(@Id String id, String endpointId, String organisation, String type, String alertId,
		String payload, Status status, int attempts, Instant createdAt, @Nullable Instant nextAttemptAt,
		@Nullable Instant lastAttemptAt, @Nullable Integer lastStatus, @Nullable String lastError,
		@Nullable Instant deliveredAt, @Nullable Instant leaseUntil, @Nullable String leaseToken) {

	/**
	 * Where a delivery stands.
	 */
	enum Status {

		/** Due now or after a backoff. */
		PENDING,

		/** The endpoint answered 2xx. */
		DELIVERED,

		/** Given up after the last attempt, or its endpoint was removed. */
		FAILED

	}

}
