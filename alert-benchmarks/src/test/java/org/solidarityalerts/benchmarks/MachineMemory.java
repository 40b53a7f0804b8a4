package org.solidarityalerts.benchmarks;

import java.lang.management.ManagementFactory;

/**
 * The machine's physical memory, for the report.
 */
final class MachineMemory {

	private MachineMemory() {
	}

	static long total() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getTotalMemorySize();
	}

}
