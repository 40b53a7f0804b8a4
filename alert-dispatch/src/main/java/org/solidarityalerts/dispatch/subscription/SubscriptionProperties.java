package org.solidarityalerts.dispatch.subscription;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the subscribers' links, under {@code alert.dispatch.subscription}.
 *
 * @param tokenSecret the HMAC key that signs every link; at least 32 characters, kept
 * secret, the same on every dispatch instance
 * @param unsubscribeValidity how long an unsubscribe link in an e-mail keeps working
 * @param preferencesValidity how long a preferences link keeps working
 */
@ConfigurationProperties("alert.dispatch.subscription")
public record SubscriptionProperties(String tokenSecret, @DefaultValue("365d") Duration unsubscribeValidity,
		@DefaultValue("90d") Duration preferencesValidity) {

	public SubscriptionProperties {
		if (tokenSecret == null || tokenSecret.length() < 32) {
			throw new IllegalArgumentException(
					"alert.dispatch.subscription.token-secret must have at least 32 characters");
		}
	}

}
