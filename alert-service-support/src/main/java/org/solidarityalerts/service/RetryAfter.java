package org.solidarityalerts.service;

import java.time.Duration;

/**
 * The value of a {@code Retry-After} header for a wait: whole seconds, rounded up, at
 * least one, so a client that waits that long finds its allowance back.
 */
public final class RetryAfter {

	private RetryAfter() {
	}

	/**
	 * The seconds to wait.
	 * @param wait how long until a limit lets the client through
	 * @return the seconds, rounded up, at least one
	 */
	public static long seconds(Duration wait) {
		Duration rounded = wait.plusNanos(999_999_999);
		return Math.max(1, rounded.toSeconds());
	}

}
