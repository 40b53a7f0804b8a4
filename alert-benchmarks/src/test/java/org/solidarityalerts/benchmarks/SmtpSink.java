package org.solidarityalerts.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Postfix's {@code smtp-sink}, the receiving server of the benchmark, started on a
 * loopback port with every message appended to a dump file. A reader follows the file as
 * it grows and notes, for each alert, when each of its messages arrived, and every
 * Message-ID seen twice: a run that loses or duplicates a message fails.
 */
final class SmtpSink implements AutoCloseable {

	static final Path PROGRAM = Path.of("/usr/sbin/smtp-sink");

	/** Dispatch's Message-IDs: {@code <alertId.vN.subscriberId@domain>}. */
	private static final Pattern OURS = Pattern.compile("<([0-9a-f-]{36})\\.v(\\d+)\\.([0-9a-f-]{36})@[^>]+>");

	private final Process process;

	private final int port;

	private final Path dump;

	private final Thread reader;

	private volatile boolean reading = true;

	private final Map<String, Arrivals> byAlert = new ConcurrentHashMap<>();

	private final Set<String> messageIds = new HashSet<>();

	private final AtomicLong duplicates = new AtomicLong();

	private final AtomicLong messages = new AtomicLong();

	private final AtomicLong bytes = new AtomicLong();

	private SmtpSink(Process process, int port, Path dump) {
		this.process = process;
		this.port = port;
		this.dump = dump;
		this.reader = Thread.ofPlatform().name("smtp-sink-dump-reader").daemon().start(this::follow);
	}

	/**
	 * Starts {@code smtp-sink} on a free loopback port.
	 * @param directory where its dump file goes
	 * @return the running sink
	 */
	static SmtpSink start(Path directory) throws IOException {
		Files.createDirectories(directory);
		Path dump = directory.resolve("smtp-sink.dump");
		Files.deleteIfExists(dump);
		Files.createFile(dump);
		int port = FreePort.find();
		List<String> command = new ArrayList<>(List.of(PROGRAM.toString()));
		if ("root".equals(System.getProperty("user.name"))) {
			// smtp-sink refuses to run as root without dropping to another user, who
			// must then be able to write the dump.
			command.addAll(List.of("-u", "nobody"));
			Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
			Files.setPosixFilePermissions(dump, PosixFilePermissions.fromString("rw-rw-rw-"));
		}
		command.addAll(List.of("-D", dump.toString(), "-m", "256", "127.0.0.1:" + port, "256"));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(directory.resolve("smtp-sink.log").toFile())
			.start();
		FreePort.awaitListening(port, process);
		return new SmtpSink(process, port, dump);
	}

	int port() {
		return this.port;
	}

	/**
	 * The process, for its CPU time.
	 * @return its handle
	 */
	ProcessHandle handle() {
		return this.process.toHandle();
	}

	/**
	 * When the messages of one alert arrived.
	 * @param alertId the alert
	 * @return its arrivals, empty until the first one
	 */
	Arrivals arrivals(String alertId) {
		return this.byAlert.computeIfAbsent(alertId, (id) -> new Arrivals());
	}

	/** Messages received, ours and others'. */
	long messages() {
		return this.messages.get();
	}

	/** Bytes dumped so far. */
	long bytes() {
		return this.bytes.get();
	}

	/** Message-IDs of ours received more than once. */
	long duplicates() {
		return this.duplicates.get();
	}

	private void follow() {
		try (FileChannel channel = FileChannel.open(this.dump, StandardOpenOption.READ)) {
			ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
			StringBuilder line = new StringBuilder(256);
			boolean atStart = true;
			boolean keep = false;
			while (this.reading || channel.position() < channel.size()) {
				buffer.clear();
				int read = channel.read(buffer);
				if (read <= 0) {
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
					continue;
				}
				this.bytes.addAndGet(read);
				long now = System.nanoTime();
				byte[] array = buffer.array();
				for (int i = 0; i < read; i++) {
					byte b = array[i];
					if (b == '\n') {
						if (keep) {
							line(line, now);
							line.setLength(0);
						}
						atStart = true;
						keep = false;
						continue;
					}
					if (atStart) {
						// Only the lines that start a message or carry its Message-ID
						// matter.
						keep = b == 'X' || b == 'M' || b == 'm';
						atStart = false;
					}
					if (keep && line.length() < 512) {
						line.append((char) (b & 0xff));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void line(CharSequence line, long now) {
		if (startsWith(line, "X-Client-Addr:")) {
			this.messages.incrementAndGet();
		}
		else if (startsWith(line, "message-id:")) {
			Matcher ours = OURS.matcher(line);
			if (ours.find()) {
				if (!this.messageIds.add(ours.group())) {
					this.duplicates.incrementAndGet();
				}
				arrivals(ours.group(1)).arrived(now);
			}
		}
	}

	private static boolean startsWith(CharSequence line, String prefix) {
		return line.length() >= prefix.length()
				&& line.subSequence(0, prefix.length()).toString().equalsIgnoreCase(prefix);
	}

	@Override
	public void close() throws IOException {
		this.process.destroy();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
			this.reading = false;
			this.reader.join(Duration.ofMinutes(1).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		Files.deleteIfExists(this.dump);
	}

	/**
	 * When the messages of one alert arrived, as {@link System#nanoTime()} readings.
	 */
	static final class Arrivals {

		private long[] times = new long[16];

		private int count;

		synchronized void arrived(long nanos) {
			if (this.count == this.times.length) {
				this.times = Arrays.copyOf(this.times, this.times.length * 2);
			}
			this.times[this.count++] = nanos;
		}

		synchronized int count() {
			return this.count;
		}

		/** When the first arrived, or -1. */
		synchronized long first() {
			return (this.count > 0) ? this.times[0] : -1;
		}

		/** When the last so far arrived, or -1. */
		synchronized long last() {
			return (this.count > 0) ? this.times[this.count - 1] : -1;
		}

		/**
		 * When the n-th message (counting from 1) arrived.
		 * @param n which message
		 * @return its arrival
		 */
		synchronized long nth(int n) {
			return this.times[n - 1];
		}

	}

}
