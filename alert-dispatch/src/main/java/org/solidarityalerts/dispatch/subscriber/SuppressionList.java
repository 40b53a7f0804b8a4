package org.solidarityalerts.dispatch.subscriber;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Addresses that no import or operator may add again and that receive no alert: hard
 * bounces, complaints and erased subscribers. Only the person can lift it, by signing up
 * again and confirming the link mailed to them (double opt-in is fresh consent). Only a
 * keyed hash (HMAC-SHA256) of each lower-cased address is stored, in the
 * {@code suppressions} collection, so the list cannot be read back as addresses.
 */
@Component
public class SuppressionList {

	static final String COLLECTION = "suppressions";

	private final MongoTemplate mongo;

	/** The key id of entries written before keys had ids. */
	static final String UNNAMED = "";

	/** Every configured key by id, the current one first. */
	private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

	private final String current;

	private final Clock clock;

	SuppressionList(MongoTemplate mongo, SuppressionProperties properties, Clock clock) {
		this.mongo = mongo;
		this.current = (properties.current() != null) ? properties.current() : UNNAMED;
		Map<String, String> secrets = new LinkedHashMap<>();
		secrets.put(UNNAMED, properties.secret());
		secrets.putAll(properties.keys());
		this.keys.put(this.current, key(secrets.get(this.current)));
		secrets.forEach((id, secret) -> this.keys.putIfAbsent(id, key(secret)));
		this.clock = clock;
	}

	private static SecretKeySpec key(String secret) {
		return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

	/**
	 * Suppresses an address: it is never mailed again, and a subscriber with that address
	 * is marked suppressed. Repeating it changes nothing.
	 * @param email the address
	 * @param reason why, without the address: {@code hard-bounce}, {@code complaint},
	 * {@code erased}
	 */
	public void suppress(String email, String reason) {
		if (!isSuppressed(email)) {
			this.mongo.upsert(Query.query(Criteria.where("_id").is(hash(email))),
					new Update().setOnInsert("reason", reason)
						.setOnInsert("suppressedAt", this.clock.instant())
						.setOnInsert("keyId", this.current),
					COLLECTION);
		}
		this.mongo.updateMulti(Query.query(Criteria.where("emailKey").is(Subscriber.keyOf(email))),
				Update.update("status", SubscriberStatus.SUPPRESSED.name()).unset("confirmationNonce"),
				Subscriber.class);
	}

	/**
	 * Takes an address off the list, when its owner confirmed a new sign-up themselves.
	 * @param email the address
	 */
	public void lift(String email) {
		this.mongo.remove(Query.query(Criteria.where("_id").in(hashes(email).values())), COLLECTION);
	}

	/**
	 * Whether an address is suppressed.
	 * @param email the address
	 * @return true if it must not be mailed
	 */
	public boolean isSuppressed(String email) {
		Map<String, String> hashes = hashes(email);
		Document found = this.mongo.findOne(Query.query(Criteria.where("_id").in(hashes.values())), Document.class,
				COLLECTION);
		if (found == null) {
			return false;
		}
		String currentHash = hashes.get(this.current);
		if (!currentHash.equals(found.getString("_id"))) {
			// Found under an older key: kept under the current one too, so the older key
			// can be removed once nothing is found under it any more.
			this.mongo.upsert(Query.query(Criteria.where("_id").is(currentHash)),
					new Update().setOnInsert("reason", found.get("reason"))
						.setOnInsert("suppressedAt", found.get("suppressedAt"))
						.setOnInsert("keyId", this.current),
					COLLECTION);
		}
		return true;
	}

	/**
	 * The keyed hash an address is stored as now, under the current key.
	 * @param email the address
	 * @return lower-case hex of HMAC-SHA256 over the lower-cased address
	 */
	String hash(String email) {
		return hash(email, this.keys.get(this.current));
	}

	/**
	 * The address's hash under every configured key.
	 * @param email the address
	 * @return hashes by key id, the current key's first
	 */
	private Map<String, String> hashes(String email) {
		Map<String, String> hashes = new LinkedHashMap<>();
		this.keys.forEach((id, key) -> hashes.put(id, hash(email, key)));
		return hashes;
	}

	private static String hash(String email, SecretKeySpec key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key);
			return HexFormat.of().formatHex(mac.doFinal(Subscriber.keyOf(email).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
