package org.solidarityalerts.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToLongFunction;

/**
 * Dispatch's CPU time over a stretch of the fan-out, sampled from {@code /proc} every
 * {@link #INTERVAL} while it runs. The whole process's CPU time is kept with the time of
 * each sample, so that what any shorter stretch cost (the steady one, between the 10th
 * and the 90th percentile of arrivals) can be interpolated; each thread's
 * ({@code /proc/<pid>/task/<tid>/stat}) is kept so that the whole can be split by what
 * the threads do, which the process's total cannot tell. A thread that started after the
 * first sample counts from 0; one that ended keeps its last sampled value, so at most its
 * last {@link #INTERVAL} is missed.
 */
final class DispatchCpu {

	/** How often the samples are taken. */
	static final Duration INTERVAL = Duration.ofMillis(250);

	/**
	 * Nanoseconds per clock tick, the unit of a thread's {@code utime} and {@code stime}:
	 * {@code getconf CLK_TCK}, or 100 ticks a second (Linux's usual) if it cannot be
	 * read.
	 */
	private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1) / clockTicks();

	private DispatchCpu() {
	}

	/**
	 * Starts sampling.
	 * @param process dispatch's JVM
	 * @return the recorder; {@link Recorder#stop()} gives what was spent since
	 */
	static Recorder start(ProcessHandle process) {
		return new Recorder(process);
	}

	private static long clockTicks() {
		try {
			Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
			String output = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
			if (getconf.waitFor(10, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
				return Long.parseLong(output);
			}
		}
		catch (IOException | NumberFormatException ex) {
			// Linux's usual value below
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return 100;
	}

	/**
	 * Each live thread's CPU time, in ticks, by thread id and start time (so that a
	 * reused id is another thread).
	 */
	private static Map<String, ThreadTicks> threads(ProcessHandle process) {
		Map<String, ThreadTicks> threads = new HashMap<>();
		Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(tasks)) {
			for (Path task : entries) {
				String stat;
				try {
					stat = Files.readString(task.resolve("stat"), StandardCharsets.UTF_8);
				}
				catch (NoSuchFileException ex) {
					continue; // ended since the directory was listed
				}
				// comm is in parentheses and may hold spaces and parentheses itself.
				int open = stat.indexOf('(');
				int close = stat.lastIndexOf(')');
				String comm = stat.substring(open + 1, close);
				String[] fields = stat.substring(close + 2).split(" ");
				// fields[0] is field 3 (state): utime is 14, stime 15, starttime 22.
				long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
				threads.put(task.getFileName() + ":" + fields[19], new ThreadTicks(comm, ticks));
			}
		}
		catch (NoSuchFileException ex) {
			return threads; // the process ended
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return threads;
	}

	private static Duration ticks(long ticks) {
		return Duration.ofNanos(ticks * TICK_NANOS);
	}

	private record ThreadTicks(String comm, long ticks) {
	}

	/**
	 * What dispatch's threads do, by the names they are given ({@code comm}, cut to 15
	 * characters by Linux).
	 */
	enum ThreadKind {

		/** The delivery listeners, which compose and send the e-mails. */
		SENDING("sending", "deliveries-"),

		/**
		 * The alert listeners, which read the audience and publish the delivery batches.
		 */
		AUDIENCE("audience", "alerts-"),

		/** HotSpot's compilers. */
		JIT("JIT compiler", "C1 CompilerThre", "C2 CompilerThre"),

		/** The collector's workers and G1's concurrent threads. */
		GC("GC", "GC Thread", "G1 "),

		/** The Kafka clients' own threads (producer network, consumer heartbeat). */
		KAFKA("Kafka clients", "kafka-"),

		/**
		 * Everything else: Tomcat, schedulers, Angus mail's write timeouts, the VM's own.
		 */
		OTHER("other");

		private final String label;

		private final List<String> prefixes;

		ThreadKind(String label, String... prefixes) {
			this.label = label;
			this.prefixes = List.of(prefixes);
		}

		String label() {
			return this.label;
		}

		static ThreadKind of(String comm) {
			for (ThreadKind kind : values()) {
				if (kind.prefixes.stream().anyMatch(comm::startsWith)) {
					return kind;
				}
			}
			return OTHER;
		}

	}

	/**
	 * Dispatch's CPU time over the stretch, by kind of thread.
	 *
	 * @param byKind CPU time of the threads of each kind
	 * @param process the whole process's CPU time over the same stretch, threads that
	 * ended between two samples included
	 */
	record ByThread(Map<ThreadKind, Duration> byKind, Duration process) {

		Duration of(ThreadKind kind) {
			return this.byKind.getOrDefault(kind, Duration.ZERO);
		}

		/** What the sampled threads add up to, at most {@link #process()}. */
		Duration threads() {
			return this.byKind.values().stream().reduce(Duration.ZERO, Duration::plus);
		}

		/**
		 * Each kind's share in microseconds per item, in {@link ThreadKind}'s order.
		 * @param items the deliveries
		 * @return e.g. {@code 243 / 9 / 114 / 47 / 8 / 40}
		 */
		String micros(long items) {
			List<String> values = new ArrayList<>();
			for (ThreadKind kind : ThreadKind.values()) {
				values.add(String.format(Locale.ROOT, "%.0f", CpuSpent.micros(of(kind), items)));
			}
			return String.join(" / ", values);
		}

		static String labels() {
			List<String> labels = new ArrayList<>();
			for (ThreadKind kind : ThreadKind.values()) {
				labels.add(kind.label());
			}
			return String.join(" / ", labels);
		}

	}

	/**
	 * Dispatch's CPU time over a part of the stretch.
	 *
	 * @param process the whole process's
	 * @param sending its sending threads'
	 */
	record Part(Duration process, Duration sending) {

		static final Part NONE = new Part(Duration.ZERO, Duration.ZERO);

	}

	/**
	 * One sample: when, and the CPU time spent since the first.
	 *
	 * @param nanos its {@link System#nanoTime()}
	 * @param process the whole process's CPU time since the first sample, in nanoseconds
	 * @param sending the sending threads', in nanoseconds
	 */
	private record Sample(long nanos, long process, long sending) {
	}

	/**
	 * Samples dispatch on a thread of its own until stopped.
	 */
	static final class Recorder {

		private final ProcessHandle process;

		private final Map<String, ThreadTicks> first;

		private final Map<String, ThreadTicks> last = new HashMap<>();

		private final Duration processFirst;

		private final List<Sample> samples = new ArrayList<>();

		private final Thread sampler;

		private volatile boolean running = true;

		private Recorder(ProcessHandle process) {
			this.process = process;
			this.processFirst = ProcessStats.cpu(process);
			this.first = threads(process);
			this.last.putAll(this.first);
			this.samples.add(new Sample(System.nanoTime(), 0, 0));
			this.sampler = Thread.ofPlatform().name("dispatch-cpu-sampler").daemon().start(this::sample);
		}

		private void sample() {
			long next = System.nanoTime() + INTERVAL.toNanos();
			while (this.running) {
				LockSupport.parkNanos(next - System.nanoTime());
				next += INTERVAL.toNanos();
				if (this.running) {
					takeSample();
				}
			}
		}

		private void takeSample() {
			if (!this.process.isAlive()) {
				return;
			}
			long now = System.nanoTime();
			Duration spent = ProcessStats.cpu(this.process).minus(this.processFirst);
			this.last.putAll(threads(this.process));
			long sending = 0;
			for (Map.Entry<String, ThreadTicks> thread : this.last.entrySet()) {
				if (ThreadKind.of(thread.getValue().comm()) == ThreadKind.SENDING) {
					sending += spentBy(thread.getKey(), thread.getValue());
				}
			}
			this.samples.add(new Sample(now, spent.toNanos(), ticks(sending).toNanos()));
		}

		private long spentBy(String thread, ThreadTicks now) {
			ThreadTicks before = this.first.get(thread);
			return now.ticks() - ((before != null) ? before.ticks() : 0);
		}

		/**
		 * Takes a last sample and stops.
		 * @return what dispatch spent since the recorder started
		 */
		Timeline stop() throws InterruptedException {
			this.running = false;
			LockSupport.unpark(this.sampler); // the last sample is now, not after the
												// next wait
			this.sampler.join();
			takeSample();
			Map<ThreadKind, Long> ticks = new EnumMap<>(ThreadKind.class);
			this.last.forEach((thread, now) -> ticks.merge(ThreadKind.of(now.comm()), spentBy(thread, now), Long::sum));
			Map<ThreadKind, Duration> byKind = new EnumMap<>(ThreadKind.class);
			ticks.forEach((kind, spent) -> byKind.put(kind, ticks(spent)));
			Sample end = this.samples.getLast();
			return new Timeline(new ByThread(byKind, Duration.ofNanos(end.process())), List.copyOf(this.samples));
		}

	}

	/**
	 * What dispatch spent over the stretch, and when.
	 */
	static final class Timeline {

		private final ByThread byThread;

		private final List<Sample> samples;

		private Timeline(ByThread byThread, List<Sample> samples) {
			this.byThread = byThread;
			this.samples = samples;
		}

		ByThread byThread() {
			return this.byThread;
		}

		/**
		 * What dispatch spent between two moments of the stretch, interpolated between
		 * the samples around each.
		 * @param from the first ({@link System#nanoTime()})
		 * @param to the second
		 * @return the process's and its sending threads' CPU time in between
		 */
		Part between(long from, long to) {
			return new Part(Duration.ofNanos(at(to, Sample::process) - at(from, Sample::process)),
					Duration.ofNanos(at(to, Sample::sending) - at(from, Sample::sending)));
		}

		private long at(long nanos, ToLongFunction<Sample> value) {
			Sample before = this.samples.getFirst();
			if (nanos <= before.nanos()) {
				return value.applyAsLong(before);
			}
			for (Sample after : this.samples) {
				if (after.nanos() >= nanos) {
					double share = (after.nanos() == before.nanos()) ? 1
							: (nanos - before.nanos()) / (double) (after.nanos() - before.nanos());
					return value.applyAsLong(before)
							+ Math.round(share * (value.applyAsLong(after) - value.applyAsLong(before)));
				}
				before = after;
			}
			return value.applyAsLong(before);
		}

	}

}
