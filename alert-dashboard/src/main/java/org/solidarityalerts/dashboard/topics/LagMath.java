package org.solidarityalerts.dashboard.topics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The arithmetic of consumer lag: a partition's lag, a group's trend from recent samples,
 * and the time it will take to drain at the current pace.
 */
final class LagMath {

	/** Below this change per second a group's lag counts as steady. */
	private static final double STEADY = 0.05;

	private LagMath() {
	}

	/**
	 * A partition's lag. The committed offset must have been read before the end offset:
	 * then the difference is never less than the true lag's lower bound, and a consumer
	 * that committed in between cannot make it negative; it is clamped at zero all the
	 * same.
	 * @param committed the group's committed offset, or null if it never committed
	 * @param start the partition's first offset, where a group without a commit starts
	 * @param end the partition's end offset
	 * @return records not yet consumed
	 */
	static long lag(@Nullable Long committed, long start, long end) {
		long from = (committed != null) ? committed : start;
		return Math.max(0, end - from);
	}

	/**
	 * The slope of a group's lag over recent samples, by least squares.
	 * @param samples lag samples, oldest first
	 * @return the change in records per second; 0 with fewer than two samples
	 */
	static double slope(List<Sample> samples) {
		if (samples.size() < 2) {
			return 0;
		}
		Instant origin = samples.getFirst().at();
		double n = samples.size();
		double sumX = 0;
		double sumY = 0;
		double sumXY = 0;
		double sumXX = 0;
		for (Sample sample : samples) {
			double x = Duration.between(origin, sample.at()).toMillis() / 1000.0;
			double y = sample.lag();
			sumX += x;
			sumY += y;
			sumXY += x * y;
			sumXX += x * x;
		}
		double denominator = n * sumXX - sumX * sumX;
		return (denominator == 0) ? 0 : (n * sumXY - sumX * sumY) / denominator;
	}

	/**
	 * Whether a group's lag is growing, draining or steady.
	 * @param samples lag samples, oldest first
	 * @return the trend
	 */
	static Trend trend(List<Sample> samples) {
		if (samples.isEmpty()) {
			return Trend.STEADY;
		}
		double slope = slope(samples);
		long current = samples.getLast().lag();
		if (slope > STEADY) {
			return Trend.GROWING;
		}
		if (slope < -STEADY && current > 0) {
			return Trend.DRAINING;
		}
		return Trend.STEADY;
	}

	/**
	 * How long the group needs to catch up at the pace of the samples.
	 * @param samples lag samples, oldest first
	 * @return the estimate, zero when there is no lag, or null when it is not draining
	 */
	static @Nullable Duration timeToDrain(List<Sample> samples) {
		if (samples.isEmpty()) {
			return null;
		}
		long current = samples.getLast().lag();
		if (current == 0) {
			return Duration.ZERO;
		}
		double slope = slope(samples);
		if (slope >= -STEADY) {
			return null;
		}
		return Duration.ofMillis(Math.round(current / -slope * 1000));
	}

	/**
	 * A group's total lag at one time.
	 *
	 * @param at when it was sampled
	 * @param lag records not yet consumed
	 */
	record Sample(Instant at, long lag) {
	}

	/**
	 * Where a group's lag is heading.
	 */
	enum Trend {

		GROWING("growing"), DRAINING("draining"), STEADY("steady");

		private final String label;

		Trend(String label) {
			this.label = label;
		}

		String label() {
			return this.label;
		}

	}

}
