package org.solidarityalerts.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time the whole machine spent busy, from Linux's {@code /proc/stat}: every process
 * of the benchmark (Kafka, MongoDB, the API, dispatch, the SMTP sink) together.
 */
final class MachineCpu {

	/**
	 * Linux reports {@code /proc/stat} in USER_HZ, 100 per second on every common
	 * platform.
	 */
	private static final int TICKS_PER_SECOND = 100;

	private MachineCpu() {
	}

	/**
	 * Ticks spent in user, nice, system, irq and softirq time, on all cores, since boot.
	 * @return the ticks
	 */
	static long busyTicks() {
		try {
			String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
			// cpu user nice system idle iowait irq softirq steal ...
			return Long.parseLong(fields[1]) + Long.parseLong(fields[2]) + Long.parseLong(fields[3])
					+ Long.parseLong(fields[6]) + Long.parseLong(fields[7]);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Duration toDuration(long ticks) {
		return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
	}

}
