package org.solidarityalerts.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.awaitility.Awaitility.await;

/**
 * The headless Chromium every browser test drives through Playwright, found or provided
 * so that the README's test command needs nothing installed beforehand. In this order:
 * the browser named by {@code -Dalert.browser=/path} or the {@code ALERT_BROWSER}
 * environment variable; a system Chromium ({@code /usr/bin/chromium}, then
 * {@code chromium}, {@code chromium-browser} or {@code google-chrome} on the
 * {@code PATH}); on a Debian-like machine where the build runs as root, Debian's
 * {@code chromium} package, installed once with apt-get; otherwise the Chromium
 * Playwright downloads on first use. With a system browser Playwright downloads nothing.
 * Decided once per JVM and logged.
 */
public final class Browsers {

	private static final Logger logger = LoggerFactory.getLogger(Browsers.class);

	private static final List<String> ARGUMENTS = List.of("--no-sandbox", "--disable-gpu",
			"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run");

	private static final Path DEBIAN_CHROMIUM = Path.of("/usr/bin/chromium");

	private static final List<String> ON_PATH = List.of("chromium", "chromium-browser", "google-chrome");

	private static final String SKIP_DOWNLOAD = "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD";

	// apt-get update and the install of chromium with its libraries take 2-5 minutes.
	private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);

	private static final Path INSTALL_LOCK = Path.of(System.getProperty("java.io.tmpdir"),
			"solidarity-alerts-chromium-install.lock");

	private static final Path INSTALL_LOG = Path.of(System.getProperty("java.io.tmpdir"),
			"solidarity-alerts-chromium-install.log");

	private static @Nullable Choice choice;

	private Browsers() {
	}

	/**
	 * Starts Playwright's driver; it downloads no browser when a system Chromium is used.
	 * @return Playwright, to close after the browser
	 */
	public static Playwright playwright() {
		// Assertions await a page for up to 15 s, not Playwright's 5: on two cores shared
		// with another module's tests, a first publish and its redirect can take longer.
		PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
		Choice choice = choice();
		if (choice.executable().isPresent()) {
			return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of(SKIP_DOWNLOAD, "1")));
		}
		try {
			return Playwright.create();
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("No Chromium for the browser tests: " + choice.why()
					+ "; and Playwright could not download its own (its output is above). Install chromium or pass "
					+ "-Dalert.browser=/path", ex);
		}
	}

	/**
	 * Launches a headless Chromium with the flags the browser tests use (no sandbox, GPU,
	 * background networking, component updates, sync or first-run pages).
	 * @param playwright from {@link #playwright()}
	 * @return the browser, to close before Playwright
	 */
	public static Browser chromium(Playwright playwright) {
		BrowserType.LaunchOptions options = new BrowserType.LaunchOptions().setHeadless(true).setArgs(ARGUMENTS);
		choice().executable().ifPresent(options::setExecutablePath);
		return playwright.chromium().launch(options);
	}

	private static synchronized Choice choice() {
		if (choice == null) {
			choice = choose();
			logger.info("Browser tests' Chromium: {}", choice.description());
		}
		return choice;
	}

	private static Choice choose() {
		Optional<Path> explicit = explicit();
		if (explicit.isPresent()) {
			return new Choice(explicit, "as configured, " + explicit.get(), "");
		}
		Optional<Path> installed = installed();
		if (installed.isPresent()) {
			return new Choice(installed, "the system's, " + installed.get(), "");
		}
		String why = "no system Chromium";
		Optional<String> noApt = whyAptCannotInstall();
		if (noApt.isPresent()) {
			why += "; apt-get cannot install one: " + noApt.get();
		}
		else {
			try {
				Path path = installWithApt();
				return new Choice(Optional.of(path), "Debian's chromium, installed with apt-get, " + path, "");
			}
			catch (RuntimeException ex) {
				logger.warn("Could not install Debian's chromium with apt-get (output in {})", INSTALL_LOG, ex);
				why += "; apt-get failed to install one: " + ex.getMessage();
			}
		}
		return new Choice(Optional.empty(), "Playwright's own, downloaded on first use (" + why + ")", why);
	}

	private static Optional<Path> explicit() {
		String configured = System.getProperty("alert.browser");
		if (configured == null || configured.isBlank()) {
			configured = System.getenv("ALERT_BROWSER");
		}
		if (configured == null || configured.isBlank()) {
			return Optional.empty();
		}
		Path path = Path.of(configured);
		if (!Files.isExecutable(path)) {
			throw new IllegalStateException(
					"-Dalert.browser or ALERT_BROWSER names " + configured + ", which is not an executable file");
		}
		return Optional.of(path);
	}

	private static Optional<Path> installed() {
		if (Files.isExecutable(DEBIAN_CHROMIUM)) {
			return Optional.of(DEBIAN_CHROMIUM);
		}
		return ON_PATH.stream().map(Browsers::onPath).flatMap(Optional::stream).findFirst();
	}

	private static Optional<Path> onPath(String command) {
		String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
		return Arrays.stream(path.split(File.pathSeparator))
			.filter((directory) -> !directory.isEmpty())
			.map((directory) -> Path.of(directory, command))
			.filter((candidate) -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
			.findFirst();
	}

	private static Optional<String> whyAptCannotInstall() {
		if (!Files.exists(Path.of("/etc/debian_version"))) {
			return Optional.of("not a Debian-like system");
		}
		if (onPath("apt-get").isEmpty()) {
			return Optional.of("no apt-get on the PATH");
		}
		if (!"root".equals(System.getProperty("user.name"))) {
			return Optional
				.of("the build does not run as root ('sudo apt-get install chromium' would spare the download)");
		}
		return Optional.empty();
	}

	/**
	 * Installs Debian's chromium, one build at a time: builds running side by side on the
	 * machine wait on a file lock, and those that waited find the browser installed.
	 */
	private static Path installWithApt() {
		Instant deadline = Instant.now().plus(INSTALL_TIMEOUT);
		try (FileChannel channel = FileChannel.open(INSTALL_LOCK, StandardOpenOption.CREATE,
				StandardOpenOption.WRITE)) {
			try (FileLock lock = lock(channel, deadline)) {
				Optional<Path> installed = installed();
				if (installed.isPresent()) {
					logger.info("Another build installed Chromium meanwhile: {}", installed.get());
					return installed.get();
				}
				logger.info("No Chromium on this machine: installing Debian's chromium with apt-get, "
						+ "which takes a few minutes (output in {})", INSTALL_LOG);
				Instant start = Instant.now();
				Files.deleteIfExists(INSTALL_LOG);
				aptGet(deadline, "update");
				aptGet(deadline, "install", "-y", "chromium");
				Path path = installed().orElseThrow(
						() -> new IllegalStateException("apt-get installed chromium, but no " + DEBIAN_CHROMIUM));
				logger.info("Installed Debian's chromium in {} s: {}",
						Duration.between(start, Instant.now()).toSeconds(), path);
				return path;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static FileLock lock(FileChannel channel, Instant deadline) throws IOException {
		FileLock lock = channel.tryLock();
		if (lock != null) {
			return lock;
		}
		logger.info("Waiting for another build's install of chromium (lock {})", INSTALL_LOCK);
		try {
			return await().atMost(Duration.between(Instant.now(), deadline))
				.pollInterval(Duration.ofSeconds(1))
				.until(channel::tryLock, Objects::nonNull);
		}
		catch (ConditionTimeoutException ex) {
			throw new IllegalStateException("another build held " + INSTALL_LOCK + " for " + INSTALL_TIMEOUT, ex);
		}
	}

	private static void aptGet(Instant deadline, String... arguments) throws IOException {
		List<String> command = new ArrayList<>(List.of("apt-get", "-q", "-o", "DPkg::Lock::Timeout=300"));
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(INSTALL_LOG.toFile()));
		builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
		Process process = builder.start();
		try {
			if (!process.waitFor(Duration.between(Instant.now(), deadline).toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " took longer than " + INSTALL_TIMEOUT);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IllegalStateException(String.join(" ", command) + " was interrupted", ex);
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException(
					String.join(" ", command) + " exited with " + process.exitValue() + ": " + lastLines(3));
		}
	}

	private static String lastLines(int count) throws IOException {
		List<String> lines = new String(Files.readAllBytes(INSTALL_LOG), StandardCharsets.UTF_8).lines().toList();
		return String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
	}

	/**
	 * The browser the tests launch.
	 *
	 * @param executable a system Chromium, or empty for Playwright's own
	 * @param description what was chosen and why, for the log
	 * @param why why no system Chromium is used, or empty when one is
	 */
	private record Choice(Optional<Path> executable, String description, String why) {
	}

}
