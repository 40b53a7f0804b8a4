package org.solidarityalerts.ingest.console;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A person who may use the console for one organisation.
 *
 * @param id the user's id
 * @param organisation the one organisation whose alerts they see and change
 * @param email the address they log in with
 * @param passwordHash their password, hashed with its encoding id ({@code {bcrypt}...})
 * @param totpSecret the shared secret of their second factor, once they confirmed it
 * @param createdAt when they accepted their first invitation
 */
@Document("console_users")
record ConsoleUser(@Id String id, String organisation, @Indexed(unique = true) String email, String passwordHash,
		@Nullable String totpSecret, Instant createdAt) {

	boolean secondFactor() {
		return this.totpSecret != null;
	}

}
