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
 * @param lastSignInAt when they last signed in fully (with their second factor, if any)
 * @param disabled whether an operator disabled them: no login, and their sessions end
 * @param sessionsEndedAt sessions begun before this time end at their next request
 * @param enrolmentRequired whether an operator reset their second factor, so they must
 * set one up again before anything else
 */
@Document("console_users")
record ConsoleUser(@Id String id, String organisation, @Indexed(unique = true) String email, String passwordHash,
		@Nullable String totpSecret, Instant createdAt, @Nullable Instant lastSignInAt, @Nullable Boolean disabled,
		@Nullable Instant sessionsEndedAt, @Nullable Boolean enrolmentRequired) {

	boolean secondFactor() {
		return this.totpSecret != null;
	}

	/**
	 * Whether the user is disabled (users who joined before it could be have no flag).
	 * @return whether they are
	 */
	boolean isDisabled() {
		return Boolean.TRUE.equals(this.disabled);
	}

	/**
	 * Whether they must set up a second factor before anything else.
	 * @return whether they must
	 */
	boolean mustEnrol() {
		return Boolean.TRUE.equals(this.enrolmentRequired) && !secondFactor();
	}

}
