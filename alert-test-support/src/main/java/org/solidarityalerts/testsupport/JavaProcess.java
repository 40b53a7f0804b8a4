package org.solidarityalerts.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spring Boot application started in a JVM of its own, from the test's class path, so a
 * test can kill it as abruptly as {@code kill -9} ({@link Process#destroyForcibly()}).
 * Its output goes to a log file the test can read (for instance to look for addresses
 * that must never be logged).
 */
public final class JavaProcess implements AutoCloseable {

	private final Process process;

	private final Path log;

	private JavaProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts a main class with the test's class path and {@code --name=value} arguments.
	 * @param mainClass the class with the {@code main} method
	 * @param properties application properties
	 * @param log where the process writes its output
	 * @return the running process
	 */
	public static JavaProcess start(String mainClass, Map<String, Object> properties, Path log) {
		// Small and quick to start: a test's process lives for seconds.
		return start(mainClass, List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-Xshare:off"), properties, log);
	}

	/**
	 * Starts a main class with the test's class path, the given JVM options and
	 * {@code --name=value} arguments.
	 * @param mainClass the class with the {@code main} method
	 * @param jvmOptions options for the JVM, such as heap size and logging
	 * @param properties application properties
	 * @param log where the process writes its output
	 * @return the running process
	 */
	public static JavaProcess start(String mainClass, List<String> jvmOptions, Map<String, Object> properties,
			Path log) {
		return start(System.getProperty("java.class.path"), mainClass, jvmOptions, properties, log);
	}

	/**
	 * Starts a main class with the given class path (for instance a service's own JAR, as
	 * it is deployed), JVM options and {@code --name=value} arguments.
	 * @param classPath the class path
	 * @param mainClass the class with the {@code main} method
	 * @param jvmOptions options for the JVM, such as heap size and logging
	 * @param properties application properties
	 * @param log where the process writes its output
	 * @return the running process
	 */
	public static JavaProcess start(String classPath, String mainClass, List<String> jvmOptions,
			Map<String, Object> properties, Path log) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(classPath);
		command.add(mainClass);
		properties.forEach((name, value) -> command.add("--" + name + "=" + value));
		try {
			Files.createDirectories(log.getParent());
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.directory(new File("."))
				.start();
			return new JavaProcess(process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The process, for its id and liveness.
	 * @return the process handle
	 */
	public ProcessHandle handle() {
		return this.process.toHandle();
	}

	/**
	 * What the process wrote so far.
	 * @return its output
	 */
	public String output() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Kills the process at once, as {@code kill -9} does: no shutdown hooks, no graceful
	 * close of connections, no offsets committed.
	 */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Stops the process as {@code kill} (SIGTERM) does, letting it shut down gracefully
	 * (and write what it writes on exit, such as a flight recording); kills it if it has
	 * not stopped within a minute.
	 */
	public void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				kill();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
	}

}
