package org.solidarityalerts.ingest.console;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.apache.commons.codec.digest.DigestUtils;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * The console's users and their invitations. An invitation's link carries 256 random bits
 * and only their SHA-256 is stored (a random secret that long needs no slow hash); it
 * works once, before it expires. Passwords are hashed by Spring Security's delegating
 * encoder (bcrypt, with its id, so the algorithm can change later).
 */
@Service
class ConsoleUsers {

	static final PasswordEncoder PASSWORDS = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	/**
	 * bcrypt reads only the first 72 bytes of a password, and Spring refuses longer ones.
	 */
	static final int MAX_PASSWORD_BYTES = 72;

	private final MongoTemplate mongo;

	private final Clock clock;

	private final ConsoleProperties properties;

	private final SecureRandom random = new SecureRandom();

	ConsoleUsers(MongoTemplate mongo, Clock clock, ConsoleProperties properties) {
		this.mongo = mongo;
		this.clock = clock;
		this.properties = properties;
	}

	/**
	 * Invites a person to an organisation's console.
	 * @param organisation the organisation
	 * @param email the address they will log in with
	 * @param invitedBy the operator key inviting them
	 * @return the link's token (shown once, never stored) and when it expires
	 * @throws IllegalStateException if the address already logs in for another
	 * organisation
	 */
	IssuedInvitation invite(String organisation, String email, String invitedBy) {
		String login = normalise(email);
		ConsoleUser existing = byEmail(login).orElse(null);
		if (existing != null && !existing.organisation().equals(organisation)) {
			throw new IllegalStateException("that address already logs in for another organisation");
		}
		byte[] secret = new byte[32];
		this.random.nextBytes(secret);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		Instant now = this.clock.instant();
		Instant expiresAt = now.plus(this.properties.invitationValidity());
		this.mongo.insert(new Invitation(hash(token), organisation, login, invitedBy, now, expiresAt, null));
		return new IssuedInvitation(token, expiresAt);
	}

	/**
	 * What an invitation link stands for.
	 * @param token the token from the link
	 * @return the invitation, or empty when the token is unknown
	 */
	Optional<Invitation> invitation(String token) {
		return Optional.ofNullable(this.mongo.findById(hash(token), Invitation.class));
	}

	boolean usable(Invitation invitation) {
		return invitation.usedAt() == null && invitation.expiresAt().isAfter(this.clock.instant());
	}

	/**
	 * Uses an invitation: in one atomic write it is marked used, if it still was usable,
	 * and then the user is created or, if they had an account, given the new password.
	 * @param token the token from the link
	 * @param password the password they chose, already checked
	 * @return the user, or empty when the link was used or expired meanwhile
	 */
	Optional<ConsoleUser> accept(String token, String password) {
		Instant now = this.clock.instant();
		Invitation claimed = this.mongo.findAndModify(
				Query.query(Criteria.where("_id").is(hash(token)).and("usedAt").isNull().and("expiresAt").gt(now)),
				Update.update("usedAt", now), FindAndModifyOptions.options().returnNew(true), Invitation.class);
		if (claimed == null) {
			return Optional.empty();
		}
		String passwordHash = PASSWORDS.encode(password);
		this.mongo.upsert(Query.query(Criteria.where("email").is(claimed.email())),
				new Update().set("passwordHash", passwordHash)
					.setOnInsert("_id", UUID.randomUUID().toString())
					.setOnInsert("organisation", claimed.organisation())
					.setOnInsert("createdAt", now),
				ConsoleUser.class);
		return byEmail(claimed.email());
	}

	/**
	 * What is wrong with a password a user chose, in plain words.
	 * @param password the password
	 * @param confirmation the same, typed again
	 * @return the problem, or null if there is none
	 */
	@Nullable String passwordProblem(@Nullable String password, @Nullable String confirmation) {
		if (password == null || password.codePointCount(0, password.length()) < this.properties.minPasswordLength()) {
			return "Choose a password of at least " + this.properties.minPasswordLength()
					+ " characters; a few unrelated words make a good one.";
		}
		if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
			return "Choose a password of at most " + MAX_PASSWORD_BYTES + " bytes (about 70 letters).";
		}
		if (!password.equals(confirmation)) {
			return "The two passwords are not the same.";
		}
		return null;
	}

	Optional<ConsoleUser> byEmail(String email) {
		return Optional.ofNullable(
				this.mongo.findOne(Query.query(Criteria.where("email").is(normalise(email))), ConsoleUser.class));
	}

	Optional<ConsoleUser> byId(String id) {
		return Optional.ofNullable(this.mongo.findById(id, ConsoleUser.class));
	}

	/**
	 * Turns on a user's second factor, once they proved they hold its secret.
	 * @param userId the user
	 * @param secret the shared secret (base32)
	 */
	void enableSecondFactor(String userId, String secret) {
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(userId)),
				Update.update("totpSecret", secret).set("enrolmentRequired", false), ConsoleUser.class);
	}

	/**
	 * Notes a user's full sign-in.
	 * @param userId the user
	 * @return when
	 */
	Instant signedIn(String userId) {
		Instant now = this.clock.instant();
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(userId)), Update.update("lastSignInAt", now),
				ConsoleUser.class);
		return now;
	}

	/**
	 * An organisation's users, by address.
	 * @param organisation the organisation
	 * @return its users
	 */
	List<ConsoleUser> of(String organisation) {
		return this.mongo.find(
				Query.query(Criteria.where("organisation").is(organisation)).with(Sort.by("email")).limit(1000),
				ConsoleUser.class);
	}

	/**
	 * One user of an organisation.
	 * @param organisation the organisation
	 * @param userId the user's id
	 * @return the user, or empty if no user of that organisation has that id
	 */
	Optional<ConsoleUser> of(String organisation, String userId) {
		return byId(userId).filter((user) -> user.organisation().equals(organisation));
	}

	/**
	 * Removes a user's second factor: they must set up a new one at their next sign-in
	 * before anything else (for a lost phone, or a secret that may have leaked).
	 * @param userId the user
	 */
	void resetSecondFactor(String userId) {
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(userId)),
				new Update().unset("totpSecret").set("enrolmentRequired", true), ConsoleUser.class);
	}

	/**
	 * Disables or enables a user. Disabling ends their sessions (at their next request)
	 * and refuses their logins; enabling lets them log in again, in new sessions only.
	 * @param userId the user
	 * @param disabled whether they are disabled
	 */
	void setDisabled(String userId, boolean disabled) {
		Update update = Update.update("disabled", disabled);
		if (disabled) {
			update.set("sessionsEndedAt", this.clock.instant());
		}
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(userId)), update, ConsoleUser.class);
	}

	static String normalise(String email) {
		return email.strip().toLowerCase(Locale.ROOT);
	}

	private static String hash(String token) {
		return DigestUtils.sha256Hex(token);
	}

	/**
	 * A new invitation.
	 *
	 * @param token the link's secret part, shown once
	 * @param expiresAt when the link stops working
	 */
	record IssuedInvitation(String token, Instant expiresAt) {
	}

}
