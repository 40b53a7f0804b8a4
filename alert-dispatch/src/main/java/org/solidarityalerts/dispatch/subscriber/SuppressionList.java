package org.solidarityalerts.dispatch.subscriber;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;

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

	private final SecretKeySpec key;

	private final Clock clock;

	SuppressionList(MongoTemplate mongo, SuppressionProperties properties, Clock clock) {
		this.mongo = mongo;
		this.key = new SecretKeySpec(properties.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
		this.clock = clock;
	}

	/**
	 * Suppresses an address: it is never mailed again, and a subscriber with that address
	 * is marked suppressed. Repeating it changes nothing.
	 * @param email the address
	 * @param reason why, without the address: {@code hard-bounce}, {@code complaint},
	 * {@code erased}
	 */
	public void suppress(String email, String reason) {
		String hash = hash(email);
		this.mongo.upsert(Query.query(Criteria.where("_id").is(hash)),
				new Update().setOnInsert("reason", reason).setOnInsert("suppressedAt", this.clock.instant()),
				COLLECTION);
		this.mongo.updateMulti(Query.query(Criteria.where("emailKey").is(Subscriber.keyOf(email))),
				Update.update("status", SubscriberStatus.SUPPRESSED.name()).unset("confirmationNonce"),
				Subscriber.class);
	}

	/**
	 * Takes an address off the list, when its owner confirmed a new sign-up themselves.
	 * @param email the address
	 */
	public void lift(String email) {
		this.mongo.remove(Query.query(Criteria.where("_id").is(hash(email))), COLLECTION);
	}

	/**
	 * Whether an address is suppressed.
	 * @param email the address
	 * @return true if it must not be mailed
	 */
	public boolean isSuppressed(String email) {
		return this.mongo.exists(Query.query(Criteria.where("_id").is(hash(email))), Document.class, COLLECTION);
	}

	/**
	 * The keyed hash an address is stored as.
	 * @param email the address
	 * @return lower-case hex of HMAC-SHA256 over the lower-cased address
	 */
	String hash(String email) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return HexFormat.of().formatHex(mac.doFinal(Subscriber.keyOf(email).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
