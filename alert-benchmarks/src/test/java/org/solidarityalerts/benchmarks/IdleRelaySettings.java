package org.solidarityalerts.benchmarks;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;

/**
 * The idle-relay benchmark's own settings, from system properties; the rest (MongoDB,
 * dispatch's heap and settings, where the report goes) are {@link BenchmarkSettings}.
 *
 * @param tries urgent actions timed, each after an idle spell
 * ({@code benchmark.idle.tries})
 * @param spell how long nothing is sent before each urgent action
 * ({@code benchmark.idle.spell})
 * @param relayTimeout how long the relay lets a connection stay idle before it answers
 * 421 and closes it ({@code benchmark.idle.relay-timeout})
 */
record IdleRelaySettings(int tries, Duration spell, Duration relayTimeout) {

	static IdleRelaySettings fromSystemProperties() {
		return new IdleRelaySettings(Integer.parseInt(property("benchmark.idle.tries", "20")),
				DurationStyle.detectAndParse(property("benchmark.idle.spell", "60s")),
				DurationStyle.detectAndParse(property("benchmark.idle.relay-timeout", "30s")));
	}

	private static String property(String name, String fallback) {
		String value = System.getProperty(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
