package org.solidarityalerts.dispatch.links;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Named keys for the subscribers' links, under
 * {@code alert.dispatch.subscription.signing}, so that the signing key can be rotated
 * without breaking links already sent: a token signed with a named key carries the key's
 * id, and every configured key keeps verifying its tokens while only the current one
 * signs. Tokens without an id are verified with {@code token-secret}, which also signs
 * while no current key is named (see docs/operations.md, "Key rotation").
 *
 * @param current the id of the key that signs new links, or none to sign with
 * {@code token-secret}; a key every instance already has
 * @param keys secrets by key id (letters, digits and dashes); each at least 32 characters
 */
@ConfigurationProperties("alert.dispatch.subscription.signing")
public record SigningKeys(@Nullable String current, @DefaultValue Map<String, String> keys) {

	public SigningKeys {
		keys = Map.copyOf(keys);
		keys.forEach((id, secret) -> {
			if (!id.matches("[A-Za-z0-9-]{1,32}")) {
				throw new IllegalArgumentException(
						"alert.dispatch.subscription.signing.keys: a key id is letters, digits and dashes: " + id);
			}
			if (secret == null || secret.length() < 32) {
				throw new IllegalArgumentException(
						"alert.dispatch.subscription.signing.keys." + id + " must have at least 32 characters");
			}
		});
		if (current != null && !current.isBlank() && !keys.containsKey(current)) {
			throw new IllegalArgumentException("alert.dispatch.subscription.signing.current names " + current
					+ ", which is not among alert.dispatch.subscription.signing.keys");
		}
		if (current != null && current.isBlank()) {
			current = null;
		}
	}

	/** No named keys: {@code token-secret} signs and verifies. */
	static final SigningKeys NONE = new SigningKeys(null, Map.of());

}
