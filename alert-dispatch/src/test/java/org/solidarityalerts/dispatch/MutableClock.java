package org.solidarityalerts.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The system's clock, which a test can move forward (an alert past its expiry, a claim
 * past its timeout) instead of waiting for the wall clock, and set back when it is done.
 * Time keeps flowing, so that what dispatch waits for in real time still happens.
 */
public final class MutableClock extends Clock {

	private final Clock system = Clock.systemUTC();

	private volatile Duration offset = Duration.ZERO;

	/**
	 * Moves the clock forward.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		synchronized (this) {
			this.offset = this.offset.plus(duration);
		}
	}

	/**
	 * Sets the clock back to the system's.
	 */
	public void reset() {
		this.offset = Duration.ZERO;
	}

	@Override
	public Instant instant() {
		return this.system.instant().plus(this.offset);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("A mutable clock is in UTC");
	}

	/**
	 * Makes a {@link MutableClock} the clock dispatch reads.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	public static class Configuration {

		@Bean
		@Primary
		MutableClock mutableClock() {
			return new MutableClock();
		}

	}

}
