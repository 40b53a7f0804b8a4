package org.solidarityalerts.dispatch.links;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.subscription.SubscriptionProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Opaque, signed, expiring tokens that stand for one subscriber and one purpose. A token
 * reads {@code base64url(purpose, subscriber id, expiry)} then
 * {@code base64url(HMAC-SHA256)}: it reveals no address, and cannot be altered or used
 * for another purpose. A token signed with a named key ({@link SigningKeys}) ends with
 * {@code .} and the key's id, so that keys can be rotated without breaking links sent.
 */
@Component
public class SubscriberTokens {

	/**
	 * Keyed once and only ever cloned: a fan-out signs two links per e-mail, and looking
	 * the algorithm up and keying it each time cost more than the signature. By key id;
	 * the empty id is {@code token-secret}.
	 */
	private final Map<String, Mac> keyed = new HashMap<>();

	/** An action kind's type id, zero-padded: the longest, embassy-protest, has 15. */
	private static final int KIND_BYTES = 16;

	/** Alert id, version, action index and kind. */
	private static final int ACTED_EXTRA = 16 + 4 + 4 + KIND_BYTES;

	/** The id of the key that signs, empty for {@code token-secret}. */
	private final String current;

	private final Clock clock;

	public SubscriberTokens(SubscriptionProperties properties, Clock clock) {
		this(properties, SigningKeys.NONE, clock);
	}

	@Autowired
	public SubscriberTokens(SubscriptionProperties properties, SigningKeys keys, Clock clock) {
		this.keyed.put("", mac(properties.tokenSecret()));
		keys.keys().forEach((id, secret) -> this.keyed.put(id, mac(secret)));
		this.current = (keys.current() != null) ? keys.current() : "";
		this.clock = clock;
	}

	private static Mac mac(String secret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String issue(Purpose purpose, SubscriberId subscriber, Instant expiresAt) {
		return encode(payload(purpose, subscriber, expiresAt, 0).array());
	}

	/**
	 * Issues a confirmation token bound to a nonce that the subscriber's document holds
	 * until the link is used, so that each link works once.
	 * @param subscriber the subscriber
	 * @param nonce the nonce stored with them
	 * @param expiresAt when the link stops working
	 * @return the token
	 */
	public String issueConfirmation(SubscriberId subscriber, UUID nonce, Instant expiresAt) {
		ByteBuffer payload = payload(Purpose.CONFIRM, subscriber, expiresAt, 16);
		payload.putLong(nonce.getMostSignificantBits());
		payload.putLong(nonce.getLeastSignificantBits());
		return encode(payload.array());
	}

	/**
	 * Issues an "I did this" token: it names the reader, the alert version whose e-mail
	 * carries it, the action's index in the alert's actions and the action's kind.
	 * @param acted what the reader would report
	 * @param expiresAt when the link stops working
	 * @return the token
	 */
	public String issueActed(Acted acted, Instant expiresAt) {
		ByteBuffer payload = payload(Purpose.ACTED, acted.subscriber(), expiresAt, ACTED_EXTRA);
		UUID alert = acted.alertVersion().alertId().value();
		payload.putLong(alert.getMostSignificantBits());
		payload.putLong(alert.getLeastSignificantBits());
		payload.putInt(acted.alertVersion().version());
		payload.putInt(acted.action());
		byte[] kind = acted.kind().getBytes(StandardCharsets.US_ASCII);
		payload.put(kind, 0, Math.min(kind.length, KIND_BYTES));
		return encode(payload.array());
	}

	/**
	 * Reads an "I did this" token.
	 * @param token the token from the link
	 * @return what the reader reports, if the token is genuine and unexpired
	 */
	public Optional<Acted> verifyActed(String token) {
		return decode(Purpose.ACTED, token, 25 + ACTED_EXTRA).map((bytes) -> {
			ByteBuffer payload = ByteBuffer.wrap(bytes);
			SubscriberId subscriber = subscriberOf(payload);
			AlertId alert = new AlertId(new UUID(payload.getLong(), payload.getLong()));
			int version = payload.getInt();
			int action = payload.getInt();
			byte[] kind = new byte[KIND_BYTES];
			payload.get(kind);
			int end = 0;
			while (end < KIND_BYTES && kind[end] != 0) {
				end++;
			}
			return new Acted(subscriber, new AlertVersion(alert, version), action,
					new String(kind, 0, end, StandardCharsets.US_ASCII));
		});
	}

	public Optional<SubscriberId> verify(Purpose purpose, String token) {
		return decode(purpose, token, 25).map(ByteBuffer::wrap).map(SubscriberTokens::subscriberOf);
	}

	/**
	 * Reads a confirmation token.
	 * @param token the token from the link
	 * @return the subscriber and nonce, if the token is genuine and unexpired
	 */
	public Optional<Confirmation> verifyConfirmation(String token) {
		return decode(Purpose.CONFIRM, token, 41).map((bytes) -> {
			ByteBuffer payload = ByteBuffer.wrap(bytes);
			SubscriberId subscriber = subscriberOf(payload);
			return new Confirmation(subscriber, new UUID(payload.getLong(), payload.getLong()).toString());
		});
	}

	private static ByteBuffer payload(Purpose purpose, SubscriberId subscriber, Instant expiresAt, int extra) {
		ByteBuffer payload = ByteBuffer.allocate(1 + 16 + 8 + extra);
		payload.put((byte) purpose.ordinal());
		payload.putLong(subscriber.value().getMostSignificantBits());
		payload.putLong(subscriber.value().getLeastSignificantBits());
		payload.putLong(expiresAt.getEpochSecond());
		return payload;
	}

	private String encode(byte[] bytes) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		String token = encoder.encodeToString(bytes) + "." + encoder.encodeToString(sign(this.current, bytes));
		return this.current.isEmpty() ? token : token + "." + this.current;
	}

	/** Reads past the purpose, id and expiry, leaving the buffer at any nonce. */
	private static SubscriberId subscriberOf(ByteBuffer payload) {
		payload.position(1);
		SubscriberId subscriber = new SubscriberId(new UUID(payload.getLong(), payload.getLong()));
		payload.getLong();
		return subscriber;
	}

	private Optional<byte[]> decode(Purpose purpose, String token, int length) {
		int dot = token.indexOf('.');
		if (dot < 0 || token.length() > 240) {
			return Optional.empty();
		}
		int keyDot = token.indexOf('.', dot + 1);
		String keyId = (keyDot < 0) ? "" : token.substring(keyDot + 1);
		if (!this.keyed.containsKey(keyId)) {
			return Optional.empty();
		}
		try {
			byte[] bytes = Base64.getUrlDecoder().decode(token.substring(0, dot));
			byte[] signature = Base64.getUrlDecoder()
				.decode(token.substring(dot + 1, (keyDot < 0) ? token.length() : keyDot));
			if (bytes.length != length || !MessageDigest.isEqual(sign(keyId, bytes), signature)) {
				return Optional.empty();
			}
			ByteBuffer payload = ByteBuffer.wrap(bytes);
			if (payload.get() != purpose.ordinal()) {
				return Optional.empty();
			}
			payload.position(17);
			Instant expiresAt = Instant.ofEpochSecond(payload.getLong());
			return this.clock.instant().isBefore(expiresAt) ? Optional.of(bytes) : Optional.empty();
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private byte[] sign(String keyId, byte[] bytes) {
		try {
			return ((Mac) this.keyed.get(keyId).clone()).doFinal(bytes);
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A genuine confirmation token.
	 *
	 * @param subscriber who signed up
	 * @param nonce the nonce that must still be in their document
	 */
	public record Confirmation(SubscriberId subscriber, String nonce) {
	}

	/**
	 * A genuine "I did this" token.
	 *
	 * @param subscriber the reader
	 * @param alertVersion the alert version whose e-mail carried the link
	 * @param action the action's index in that version's actions, from 0
	 * @param kind the action's kind, its type id ({@code write}, {@code attend}, ...)
	 */
	public record Acted(SubscriberId subscriber, AlertVersion alertVersion, int action, String kind) {
	}

	/**
	 * What a token allows.
	 */
	public enum Purpose {

		/** Leave the list. */
		UNSUBSCRIBE,

		/** See and change preferences. */
		PREFERENCES,

		/** Confirm a sign-up. */
		CONFIRM,

		/** Report that one took an action of an alert ("I did this"). */
		ACTED

	}

}
