package org.solidarityalerts.ingest.console;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bucket;

import org.springframework.stereotype.Component;

/**
 * Slows password and code guessing: each login name and each client address may fail
 * {@code login-attempts} times per {@code login-lockout}, then waits until the bucket
 * refills (Bucket4j). Kept in this instance's memory; with several instances an attacker
 * gets that many more attempts, which is still few. The map is emptied if it ever grows
 * past {@value #MAX_KEYS} entries, so a flood of names cannot exhaust memory.
 */
@Component
class LoginThrottle {

	static final int MAX_KEYS = 100_000;

	private final Map<String, Bucket> failures = new ConcurrentHashMap<>();

	private final ConsoleProperties properties;

	LoginThrottle(ConsoleProperties properties) {
		this.properties = properties;
	}

	boolean blocked(String... keys) {
		for (String key : keys) {
			Bucket bucket = this.failures.get(key);
			if (bucket != null && bucket.getAvailableTokens() <= 0) {
				return true;
			}
		}
		return false;
	}

	void failed(String... keys) {
		if (this.failures.size() > MAX_KEYS) {
			this.failures.clear();
		}
		for (String key : keys) {
			this.failures.computeIfAbsent(key, (k) -> newBucket()).tryConsume(1);
		}
	}

	private Bucket newBucket() {
		return Bucket.builder()
			.addLimit((limit) -> limit.capacity(this.properties.loginAttempts())
				.refillGreedy(this.properties.loginAttempts(), this.properties.loginLockout()))
			.build();
	}

}
