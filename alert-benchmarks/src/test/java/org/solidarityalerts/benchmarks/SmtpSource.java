package org.solidarityalerts.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine's own limit: Postfix's {@code smtp-source} sending to the same
 * {@code smtp-sink} as dispatch, with the same message size and the same number of SMTP
 * sessions, each kept open for all its messages.
 */
final class SmtpSource {

	static final Path PROGRAM = Path.of("/usr/sbin/smtp-source");

	/**
	 * What the shell that runs smtp-source prints after it: the CPU time of the children
	 * it waited for ({@code cutime} and {@code cstime}, fields 16 and 17 of its
	 * {@code /proc/<pid>/stat}), read once smtp-source has exited and so all of it.
	 */
	private static final String CPU_LINE = "smtp-source cpu ticks:";

	private static final String WRAPPER = "\"$@\"; status=$?; echo \"" + CPU_LINE
			+ " $(cut -d' ' -f16,17 /proc/$$/stat)\"; exit $status";

	private SmtpSource() {
	}

	/**
	 * Sends messages as fast as smtp-source can.
	 * @param port the sink's port
	 * @param sessions parallel SMTP sessions
	 * @param messages how many messages in all
	 * @param size the message size in bytes
	 * @return messages per second
	 */
	static Limit measure(int port, int sessions, int messages, int size) throws IOException, InterruptedException {
		List<String> command = List.of(PROGRAM.toString(), "-s", Integer.toString(sessions), "-m",
				Integer.toString(messages), "-l", Integer.toString(size), "-d", "-f", "limit@bench.example", "-t",
				"sink@bench.example", "127.0.0.1:" + port);
		List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, "smtp-source"));
		wrapped.addAll(command);
		long started = System.nanoTime();
		Process process = new ProcessBuilder(wrapped).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
			throw new IllegalStateException("smtp-source failed: " + output);
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		return new Limit(sessions, messages, size, seconds, messages / seconds, cpu(output));
	}

	/**
	 * smtp-source's own CPU time, from what its shell printed after it.
	 * @param output smtp-source's output and the shell's line
	 * @return user and system time
	 */
	static Duration cpu(String output) {
		return output.lines()
			.filter((line) -> line.startsWith(CPU_LINE))
			.map((line) -> line.substring(CPU_LINE.length()).trim().split("\\s+"))
			.map((ticks) -> MachineCpu.toDuration(Long.parseLong(ticks[0]) + Long.parseLong(ticks[1])))
			.reduce((first, second) -> second)
			.orElseThrow(() -> new IllegalStateException("No CPU time of smtp-source in: " + output));
	}

	/**
	 * What smtp-source achieved.
	 *
	 * @param sessions parallel SMTP sessions
	 * @param messages messages sent
	 * @param size message size in bytes
	 * @param seconds wall time
	 * @param perSecond messages per second
	 * @param cpu smtp-source's own CPU time (user and system), the least any client
	 * spends sending these messages
	 */
	record Limit(int sessions, int messages, int size, double seconds, double perSecond, Duration cpu) {

		/**
		 * smtp-source's CPU time per message: the floor that dispatch's CPU per delivery
		 * is measured against.
		 * @return microseconds per message
		 */
		double cpuPerMessage() {
			return CpuSpent.micros(this.cpu, this.messages);
		}

	}

}
