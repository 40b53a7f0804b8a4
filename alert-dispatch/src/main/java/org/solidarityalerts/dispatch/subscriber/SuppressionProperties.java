package org.solidarityalerts.dispatch.subscriber;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the suppression list, under {@code alert.dispatch.suppression}. Suppressed
 * addresses are kept only as HMAC-SHA256 hashes; named keys let the key be rotated: new
 * entries are hashed with the current key, an address is looked up under every configured
 * key, and an entry found under an older key is copied under the current one (see
 * docs/operations.md, "Key rotation").
 *
 * @param secret the key of entries written before any key was named (they carry no key
 * id), and the current key while none is named; at least 32 characters, kept secret
 * @param current the id of the key new entries are hashed with, or none for
 * {@code secret}
 * @param keys more keys by id (letters, digits and dashes), each at least 32 characters;
 * an entry under a key that is removed is forgotten
 */
@ConfigurationProperties("alert.dispatch.suppression")
public record SuppressionProperties(String secret, @Nullable String current, @DefaultValue Map<String, String> keys) {

	@ConstructorBinding
	public SuppressionProperties {
		if (secret == null || secret.length() < 32) {
			throw new IllegalArgumentException("alert.dispatch.suppression.secret must have at least 32 characters");
		}
		keys = Map.copyOf(keys);
		keys.forEach((id, key) -> {
			if (!id.matches("[A-Za-z0-9-]{1,32}")) {
				throw new IllegalArgumentException(
						"alert.dispatch.suppression.keys: a key id is letters, digits and dashes: " + id);
			}
			if (key == null || key.length() < 32) {
				throw new IllegalArgumentException(
						"alert.dispatch.suppression.keys." + id + " must have at least 32 characters");
			}
		});
		if (current != null && current.isBlank()) {
			current = null;
		}
		if (current != null && !keys.containsKey(current)) {
			throw new IllegalArgumentException("alert.dispatch.suppression.current names " + current
					+ ", which is not among alert.dispatch.suppression.keys");
		}
	}

	/**
	 * Settings with the one key of the past.
	 * @param secret the key
	 */
	public SuppressionProperties(String secret) {
		this(secret, null, Map.of());
	}

}
