package org.solidarityalerts.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine's own limit: Postfix's {@code smtp-source} sending to the same
 * {@code smtp-sink} as dispatch, with the same message size and the same number of SMTP
 * sessions, each kept open for all its messages.
 */
final class SmtpSource {

	static final Path PROGRAM = Path.of("/usr/sbin/smtp-source");

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
		long started = System.nanoTime();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
			throw new IllegalStateException("smtp-source failed: " + output);
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		return new Limit(sessions, messages, size, seconds, messages / seconds);
	}

	/**
	 * What smtp-source achieved.
	 *
	 * @param sessions parallel SMTP sessions
	 * @param messages messages sent
	 * @param size message size in bytes
	 * @param seconds wall time
	 * @param perSecond messages per second
	 */
	record Limit(int sessions, int messages, int size, double seconds, double perSecond) {
	}

}
