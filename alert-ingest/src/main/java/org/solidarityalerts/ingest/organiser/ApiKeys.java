package org.solidarityalerts.ingest.organiser;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.codec.digest.DigestUtils;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Issues, checks and revokes API keys. A key reads {@code sa_<id>_<secret>}: the id finds
 * the stored key, the secret (256 random bits) is compared by hash in constant time.
 * Random secrets of that length need no slow hash.
 */
@Service
public class ApiKeys {

	private static final Pattern KEY = Pattern.compile("sa_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})");

	private static final char[] ID_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

	private final MongoTemplate mongo;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	ApiKeys(MongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
	}

	/**
	 * Issues a new key. The returned key is shown once and never stored.
	 * @param organisation the organisation it acts for
	 * @param role what it may do
	 * @param label what it is for
	 * @return the key's id and the full key
	 */
	public IssuedKey issue(String organisation, Role role, String label) {
		StringBuilder id = new StringBuilder(12);
		for (int i = 0; i < 12; i++) {
			id.append(ID_ALPHABET[this.random.nextInt(ID_ALPHABET.length)]);
		}
		byte[] secret = new byte[32];
		this.random.nextBytes(secret);
		String encodedSecret = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		this.mongo.insert(new ApiKey(id.toString(), DigestUtils.sha256Hex(encodedSecret), organisation, role, label,
				this.clock.instant(), null));
		return new IssuedKey(id.toString(), "sa_" + id + "_" + encodedSecret, organisation, role);
	}

	/**
	 * Registers a key whose text is already known, such as the local demo key, unless it
	 * is registered already.
	 * @param key the full key, {@code sa_<id>_<secret>}
	 * @param organisation the organisation it acts for
	 * @param role what it may do
	 * @param label what it is for
	 */
	public void register(String key, String organisation, Role role, String label) {
		Matcher matcher = KEY.matcher(key);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("A key reads sa_<12 letters or digits>_<43 base64url characters>");
		}
		this.mongo.upsert(Query.query(Criteria.where("_id").is(matcher.group(1))),
				new Update().setOnInsert("secretHash", DigestUtils.sha256Hex(matcher.group(2)))
					.setOnInsert("organisation", organisation)
					.setOnInsert("role", role)
					.setOnInsert("label", label)
					.setOnInsert("createdAt", this.clock.instant()),
				ApiKey.class);
	}

	/**
	 * Finds the caller a presented key stands for.
	 * @param presented the key from the request
	 * @return the caller, or empty if the key is malformed, unknown or revoked
	 */
	public Optional<Organiser> authenticate(String presented) {
		Matcher matcher = KEY.matcher(presented);
		if (!matcher.matches()) {
			return Optional.empty();
		}
		ApiKey key = this.mongo.findById(matcher.group(1), ApiKey.class);
		if (key == null || key.revokedAt() != null) {
			return Optional.empty();
		}
		boolean matches = MessageDigest.isEqual(HexFormat.of().parseHex(key.secretHash()),
				HexFormat.of().parseHex(DigestUtils.sha256Hex(matcher.group(2))));
		return matches ? Optional.of(new Organiser(key.organisation(), key.id(), key.role())) : Optional.empty();
	}

	/**
	 * Revokes a key at once.
	 * @param id the key's id
	 * @return true if a key was revoked, false if none by that id was active
	 */
	public boolean revoke(String id) {
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(id).and("revokedAt").isNull()),
					Update.update("revokedAt", this.clock.instant()), ApiKey.class)
			.getModifiedCount() == 1;
	}

	/**
	 * A newly issued key.
	 *
	 * @param id its public id
	 * @param key the full key, to hand to the organisation once
	 * @param organisation the organisation it acts for
	 * @param role what it may do
	 */
	public record IssuedKey(String id, String key, String organisation, Role role) {
	}

}
