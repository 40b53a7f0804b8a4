package org.solidarityalerts.ingest.console;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the organisers' console, under {@code alert.ingest.console}.
 *
 * @param publicUrl the address organisers reach this service at, which invitation links
 * start with; the operator's request's own address when absent
 * @param invitationValidity how long an invitation link may be used (once)
 * @param minPasswordLength the shortest password a user may choose
 * @param loginAttempts how many failed logins (or second-factor codes) one name or one
 * address may make per {@code loginLockout} before it must wait
 * @param loginLockout the period over which failed attempts are counted
 */
@ConfigurationProperties("alert.ingest.console")
record ConsoleProperties(@Nullable URI publicUrl, @DefaultValue("72h") Duration invitationValidity,
		@DefaultValue("12") int minPasswordLength, @DefaultValue("5") int loginAttempts,
		@DefaultValue("15m") Duration loginLockout) {
}
