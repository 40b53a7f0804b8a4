package org.solidarityalerts.dispatch.subscriber;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the suppression list, under {@code alert.dispatch.suppression}.
 *
 * @param secret the HMAC key the suppressed addresses are hashed with; at least 32
 * characters, kept secret, never changed (a new key forgets every suppression)
 */
@ConfigurationProperties("alert.dispatch.suppression")
public record SuppressionProperties(String secret) {

	public SuppressionProperties {
		if (secret == null || secret.length() < 32) {
			throw new IllegalArgumentException("alert.dispatch.suppression.secret must have at least 32 characters");
		}
	}

}
