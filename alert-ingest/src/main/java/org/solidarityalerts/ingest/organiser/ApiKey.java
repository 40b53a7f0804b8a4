package org.solidarityalerts.ingest.organiser;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A stored API key: only the SHA-256 of its secret is kept.
 *
 * @param id the key's public id, the part of the key before its secret
 * @param secretHash hex SHA-256 of the secret
 * @param organisation the organisation it acts for
 * @param role what it may do
 * @param label what it is for, e.g. "campaign website"
 * @param createdAt when it was issued
 * @param revokedAt when it was revoked, if it was
 */
@Document("api_keys")
record ApiKey(@Id String id, String secretHash, String organisation, Role role, String label, Instant createdAt,
		@Nullable Instant revokedAt) {
}
