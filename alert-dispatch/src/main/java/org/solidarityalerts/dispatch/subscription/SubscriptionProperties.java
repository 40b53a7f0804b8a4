package org.solidarityalerts.dispatch.subscription;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of sign-up and the subscribers' links, under
 * {@code alert.dispatch.subscription}.
 *
 * @param tokenSecret the HMAC key that signs every link; at least 32 characters, kept
 * secret, the same on every dispatch instance
 * @param unsubscribeValidity how long an unsubscribe link in an e-mail keeps working
 * @param preferencesValidity how long a preferences link keeps working
 * @param confirmationValidity how long a confirmation link keeps working (it works once)
 * @param consentVersion the version of the consent wording shown on the sign-up page,
 * recorded with each consent
 * @param maxFormSize the largest sign-up or preferences request accepted
 * @param allowedOrigins the campaign websites whose pages may call the sign-up API from a
 * browser
 * @param rateLimit how often sign-up may be used
 * @param listImport how organisers import existing lists
 */
@ConfigurationProperties("alert.dispatch.subscription")
public record SubscriptionProperties(String tokenSecret, @DefaultValue("365d") Duration unsubscribeValidity,
		@DefaultValue("90d") Duration preferencesValidity, @DefaultValue("48h") Duration confirmationValidity,
		@DefaultValue("2026-01") String consentVersion, @DefaultValue("16KB") DataSize maxFormSize,
		@DefaultValue List<String> allowedOrigins, @DefaultValue RateLimit rateLimit,
		@DefaultValue ListImport listImport) {

	public SubscriptionProperties {
		if (tokenSecret == null || tokenSecret.length() < 32) {
			throw new IllegalArgumentException(
					"alert.dispatch.subscription.token-secret must have at least 32 characters");
		}
	}

	/**
	 * Limits on sign-up, so the form cannot be used to flood anyone's inbox.
	 *
	 * @param perAddress e-mails at most sent to one address by sign-ups within
	 * {@code perAddressWindow}; further sign-ups get the usual answer and send nothing
	 * @param perAddressWindow the window of {@code perAddress}
	 * @param perClient sign-ups at most accepted from one client IP address within
	 * {@code perClientWindow}; further ones are refused with 429
	 * @param perClientWindow the window of {@code perClient}
	 */
	public record RateLimit(@DefaultValue("3") int perAddress, @DefaultValue("1h") Duration perAddressWindow,
			@DefaultValue("20") int perClient, @DefaultValue("10m") Duration perClientWindow) {
	}

	/**
	 * The organisers' CSV import, at {@code POST /api/v1/imports} with HTTP basic
	 * authentication as user {@code operator}.
	 *
	 * @param operatorPassword the operator's password, in Spring Security's encoded form
	 * (e.g. <code>{bcrypt}...</code>); unset, the import refuses everyone
	 * @param maxSize the largest file accepted
	 */
	public record ListImport(@Nullable String operatorPassword, @DefaultValue("1MB") DataSize maxSize) {
	}

}
