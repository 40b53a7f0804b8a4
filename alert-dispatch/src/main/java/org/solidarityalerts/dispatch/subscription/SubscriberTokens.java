package org.solidarityalerts.dispatch.subscription;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.solidarityalerts.contract.SubscriberId;

import org.springframework.stereotype.Component;

/**
 * Opaque, signed, expiring tokens that stand for one subscriber and one purpose. A token
 * reads {@code base64url(purpose, subscriber id, expiry)} then
 * {@code base64url(HMAC-SHA256)}: it reveals no address, and cannot be altered or used
 * for another purpose.
 */
@Component
class SubscriberTokens {

	private final SecretKeySpec key;

	private final Clock clock;

	SubscriberTokens(SubscriptionProperties properties, Clock clock) {
		this.key = new SecretKeySpec(properties.tokenSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
		this.clock = clock;
	}

	String issue(Purpose purpose, SubscriberId subscriber, Instant expiresAt) {
		ByteBuffer payload = ByteBuffer.allocate(1 + 16 + 8);
		payload.put((byte) purpose.ordinal());
		payload.putLong(subscriber.value().getMostSignificantBits());
		payload.putLong(subscriber.value().getLeastSignificantBits());
		payload.putLong(expiresAt.getEpochSecond());
		byte[] bytes = payload.array();
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		return encoder.encodeToString(bytes) + "." + encoder.encodeToString(sign(bytes));
	}

	Optional<SubscriberId> verify(Purpose purpose, String token) {
		int dot = token.indexOf('.');
		if (dot < 0 || token.length() > 200) {
			return Optional.empty();
		}
		try {
			byte[] bytes = Base64.getUrlDecoder().decode(token.substring(0, dot));
			byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
			if (bytes.length != 25 || !MessageDigest.isEqual(sign(bytes), signature)) {
				return Optional.empty();
			}
			ByteBuffer payload = ByteBuffer.wrap(bytes);
			if (payload.get() != purpose.ordinal()) {
				return Optional.empty();
			}
			UUID id = new UUID(payload.getLong(), payload.getLong());
			Instant expiresAt = Instant.ofEpochSecond(payload.getLong());
			return this.clock.instant().isBefore(expiresAt) ? Optional.of(new SubscriberId(id)) : Optional.empty();
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private byte[] sign(byte[] bytes) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return mac.doFinal(bytes);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What a token allows.
	 */
	enum Purpose {

		/** Leave the list. */
		UNSUBSCRIBE,

		/** See and change preferences. */
		PREFERENCES,

		/** Confirm a sign-up. */
		CONFIRM

	}

}
