package org.solidarityalerts.dispatch.digest;

import java.time.DayOfWeek;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of digests, under {@code alert.dispatch.digest}.
 *
 * @param hour the hour of the day, in each subscriber's time zone, at which digests go
 * out
 * @param weeklyOn the day of the week on which weekly digests go out
 * @param pollInterval how often to look for digests that are due
 * @param maxItems the most alerts one digest lists (the rest wait for the next)
 */
@ConfigurationProperties("alert.dispatch.digest")
public record DigestProperties(@DefaultValue("8") int hour, @DefaultValue("MONDAY") DayOfWeek weeklyOn,
		@DefaultValue("5m") Duration pollInterval, @DefaultValue("50") int maxItems) {
}
