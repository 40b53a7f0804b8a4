package org.solidarityalerts.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The system clock, moved forward by as much as a test asks: to reach an embargo's end,
 * an alert's expiry or a claim's timeout without waiting for the wall clock. It only ever
 * moves forward, so tests sharing it stay consistent.
 */
public final class TestClock extends Clock {

	private volatile Duration offset = Duration.ZERO;

	/**
	 * Moves the clock forward.
	 * @param duration how far
	 */
	public synchronized void advance(Duration duration) {
		this.offset = this.offset.plus(duration);
	}

	@Override
	public Instant instant() {
		return Instant.now().plus(this.offset);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException();
	}

	/**
	 * Makes the test clock the application's clock.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	public static class Configuration {

		@Bean
		@Primary
		TestClock testClock() {
			return new TestClock();
		}

	}

}
