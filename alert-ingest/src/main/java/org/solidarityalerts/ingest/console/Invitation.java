package org.solidarityalerts.ingest.console;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An operator's invitation of a person to an organisation's console. Only the hash of its
 * link's token is stored, so a copy of the database opens no account.
 *
 * @param id the SHA-256 of the link's token, in hex
 * @param organisation the organisation the person joins
 * @param email the address they will log in with
 * @param invitedBy the operator key that invited them
 * @param createdAt when it was made
 * @param expiresAt after when the link is refused
 * @param usedAt when the link was used; it is refused afterwards
 */
@Document("console_invitations")
record Invitation(@Id String id, String organisation, String email, String invitedBy, Instant createdAt,
		Instant expiresAt, @Nullable Instant usedAt) {
}
