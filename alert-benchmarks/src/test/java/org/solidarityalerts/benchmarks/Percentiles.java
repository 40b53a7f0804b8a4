package org.solidarityalerts.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * The spread of a few latencies: nearest-rank percentiles.
 *
 * @param samples how many latencies
 * @param p50 the median
 * @param p99 the 99th percentile (the largest when there are fewer than 100)
 * @param max the largest
 */
record Percentiles(int samples, Duration p50, Duration p99, Duration max) {

	static Percentiles of(List<Duration> latencies) {
		if (latencies.isEmpty()) {
			return new Percentiles(0, Duration.ZERO, Duration.ZERO, Duration.ZERO);
		}
		List<Duration> sorted = latencies.stream().sorted().toList();
		return new Percentiles(sorted.size(), rank(sorted, 0.50), rank(sorted, 0.99), sorted.getLast());
	}

	private static Duration rank(List<Duration> sorted, double percentile) {
		int rank = (int) Math.ceil(percentile * sorted.size());
		return sorted.get(Math.max(0, rank - 1));
	}

}
