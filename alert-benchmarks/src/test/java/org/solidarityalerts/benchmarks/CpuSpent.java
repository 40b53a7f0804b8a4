package org.solidarityalerts.benchmarks;

import java.time.Duration;

/**
 * CPU time spent over one stretch of a run, and by whom: dispatch's JVM, the SMTP sink,
 * the benchmark's own JVM (Kafka, the Mongo wire server, the API and the dump reader),
 * and the whole machine (all of them, the kernel's work for them included).
 *
 * @param dispatch dispatch's JVM
 * @param sink the {@code smtp-sink} process
 * @param benchmark the benchmark's JVM
 * @param machine the whole machine, busy
 * @param elapsed the stretch's wall time
 * @param cores the machine's cores
 */
record CpuSpent(Duration dispatch, Duration sink, Duration benchmark, Duration machine, Duration elapsed, int cores) {

	/**
	 * Starts measuring.
	 * @param dispatch dispatch's process
	 * @param sink the sink's process
	 * @return the meter; {@link Meter#stop()} gives what was spent since
	 */
	static Meter start(ProcessHandle dispatch, ProcessHandle sink) {
		return new Meter(dispatch, sink);
	}

	/**
	 * How busy the machine was.
	 * @return the busy share of all cores, 0 to 1
	 */
	double busyShare() {
		return this.machine.toNanos() / ((double) this.elapsed.toNanos() * this.cores);
	}

	/**
	 * What each spent per item, in microseconds.
	 * @param spent one of this record's durations
	 * @param items the deliveries or messages of the stretch
	 * @return microseconds per item
	 */
	static double micros(Duration spent, long items) {
		return spent.toNanos() / 1000.0 / items;
	}

	/**
	 * CPU times read when measuring began.
	 */
	static final class Meter {

		private final ProcessHandle dispatch;

		private final ProcessHandle sink;

		private final Duration dispatchBefore;

		private final Duration sinkBefore;

		private final Duration benchmarkBefore;

		private final long machineBefore;

		private final long started;

		private Meter(ProcessHandle dispatch, ProcessHandle sink) {
			this.dispatch = dispatch;
			this.sink = sink;
			this.dispatchBefore = ProcessStats.cpu(dispatch);
			this.sinkBefore = ProcessStats.cpu(sink);
			this.benchmarkBefore = ProcessStats.cpu(ProcessHandle.current());
			this.machineBefore = MachineCpu.busyTicks();
			this.started = System.nanoTime();
		}

		/**
		 * Stops measuring.
		 * @return what was spent since the meter started
		 */
		CpuSpent stop() {
			long elapsed = System.nanoTime() - this.started;
			return new CpuSpent(ProcessStats.cpu(this.dispatch).minus(this.dispatchBefore),
					ProcessStats.cpu(this.sink).minus(this.sinkBefore),
					ProcessStats.cpu(ProcessHandle.current()).minus(this.benchmarkBefore),
					MachineCpu.toDuration(MachineCpu.busyTicks() - this.machineBefore), Duration.ofNanos(elapsed),
					Runtime.getRuntime().availableProcessors());
		}

	}

}
