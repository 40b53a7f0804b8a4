package org.solidarityalerts.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a process costs, read from Linux's {@code /proc} and, for a JVM, from its GC log.
 */
final class ProcessStats {

	/** How a GC log names a full collection that was asked for. */
	static final String FULL_COLLECTION_ASKED = "Pause Full (Diagnostic Command)";

	private static final Pattern GC_PAUSE = Pattern
		.compile("Pause .*? (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

	private ProcessStats() {
	}

	/**
	 * CPU time (user and system) the process used so far.
	 * @param process the process
	 * @return its CPU time
	 */
	static Duration cpu(ProcessHandle process) {
		return process.info()
			.totalCpuDuration()
			.orElseThrow(() -> new IllegalStateException("No CPU time for process " + process.pid()));
	}

	/**
	 * Peak resident set size ({@code VmHWM}) since the process started.
	 * @param process the process
	 * @return bytes
	 */
	static long peakRss(ProcessHandle process) {
		return statusField(process, "VmHWM:");
	}

	private static long statusField(ProcessHandle process, String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
				if (line.startsWith(field)) {
					String[] parts = line.substring(field.length()).trim().split("\\s+");
					return Long.parseLong(parts[0]) * 1024;
				}
			}
			throw new IllegalStateException(field + " not in /proc/" + process.pid() + "/status");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The heap figures of a JVM that logs its collections with {@code -Xlog:gc}.
	 * @param gcLog the log
	 * @return the largest heap in use before a collection and the largest left after one
	 */
	static Heap heap(Path gcLog) {
		long before = 0;
		long after = 0;
		long committed = 0;
		long live = 0;
		int collections = 0;
		try {
			for (String line : Files.readAllLines(gcLog)) {
				Matcher pause = GC_PAUSE.matcher(line);
				if (pause.find()) {
					collections++;
					before = Math.max(before, bytes(pause.group(1), pause.group(2)));
					after = Math.max(after, bytes(pause.group(3), pause.group(4)));
					committed = Math.max(committed, bytes(pause.group(5), pause.group(6)));
					if (line.contains(FULL_COLLECTION_ASKED)) {
						live = Math.max(live, bytes(pause.group(3), pause.group(4)));
					}
				}
			}
		}
		catch (NoSuchFileException ex) {
			return new Heap(0, 0, 0, 0, 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new Heap(before, after, committed, live, collections);
	}

	/**
	 * Asks a JVM for a full collection ({@code jcmd <pid> GC.run}) and waits until it is
	 * done; a JVM that logs its collections records it as
	 * {@value #FULL_COLLECTION_ASKED}.
	 * @param process the JVM, of the same JDK as this one
	 */
	static void collectFully(ProcessHandle process) throws IOException, InterruptedException {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		Process run = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.run")
			.redirectErrorStream(true)
			.start();
		String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!run.waitFor(1, TimeUnit.MINUTES) || run.exitValue() != 0) {
			throw new IllegalStateException("jcmd GC.run failed: " + output);
		}
	}

	private static long bytes(String value, String unit) {
		long number = Long.parseLong(value);
		return switch (unit) {
			case "K" -> number << 10;
			case "M" -> number << 20;
			default -> number << 30;
		};
	}

	/**
	 * Heap figures from a GC log.
	 *
	 * @param peakUsed the most heap in use when a collection began
	 * @param peakAfterGc the most heap still in use after a collection (what the process
	 * keeps)
	 * @param peakCommitted the largest heap the JVM reserved
	 * @param liveAfterFullGc what was left after a full collection that was asked for
	 * (what the process really keeps), 0 if none was
	 * @param collections how many collections the log shows
	 */
	record Heap(long peakUsed, long peakAfterGc, long peakCommitted, long liveAfterFullGc, int collections) {
	}

}
