package org.solidarityalerts.ingest.alert;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One {@code Idempotency-Key} of one organisation: the request it was first used with (by
 * hash) and, once that request has finished, its response. The id is unique, so of
 * concurrent requests with the same key exactly one inserts it and goes on.
 *
 * @param id hex SHA-256 of the organisation and the key
 * @param organisation the organisation that used the key
 * @param requestHash hex SHA-256 of the request body, in canonical form
 * @param alertId the id reserved for the alert the request creates
 * @param lockedUntil while the first request is being processed, until when it holds the
 * key; a retry after this takes over
 * @param status the first response's status, once it is known
 * @param location the first response's {@code Location}, once it is known
 * @param body the first response's body, once it is known
 * @param createdAt when the key was first used
 * @param expiresAt when the key is forgotten (a TTL index removes it)
 */
@Document("idempotency_keys")
record IdempotencyRecord(@Id String id, String organisation, String requestHash, String alertId,
		@Nullable Instant lockedUntil, @Nullable Integer status, @Nullable String location, @Nullable String body,
		Instant createdAt, @Indexed(name = "expires", expireAfter = "0s") Instant expiresAt) {

	boolean completed() {
		return this.status != null;
	}

}
