package org.solidarityalerts.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

/**
 * The benchmark's settings, from system properties ({@code -Dbenchmark.…} on the Maven
 * command line).
 *
 * @param audiences the audience sizes, one fan-out each ({@code benchmark.audiences})
 * @param mongoUri a real MongoDB to use instead of the in-process Mongo wire server
 * ({@code benchmark.mongodb.uri})
 * @param urgentProbes urgent actions timed on the idle machine
 * ({@code benchmark.urgent-probes})
 * @param urgentInterval how often an urgent action is posted during a fan-out
 * ({@code benchmark.urgent-interval})
 * @param limitMessages messages smtp-source sends to measure the limit
 * ({@code benchmark.limit-messages})
 * @param dispatchHeap dispatch's maximum heap ({@code benchmark.dispatch-heap})
 * @param profile whether dispatch records a JFR profile ({@code benchmark.profile})
 * @param warmUp subscribers of a fan-out dispatch sends before the measured one, so that
 * the figures are those of a dispatch whose JIT compiler has compiled the send path, as
 * in one that has run for a while ({@code benchmark.warm-up}; 0, the default, measures a
 * fresh JVM's first fan-out)
 * @param dispatchOptions more options for dispatch's JVM, after the benchmark's own
 * ({@code benchmark.dispatch-options}, separated by spaces)
 * @param dispatchJar whether dispatch runs from its executable JAR, extracted as Spring
 * Boot's tools extract it ({@code benchmark.dispatch-jar}; by default it runs from the
 * build's class directories, which JDK 25's ahead-of-time cache does not take)
 * @param aotTraining subscribers of a fan-out that trains an ahead-of-time cache for
 * dispatch in a JVM of its own, from which the measured dispatch then starts
 * ({@code benchmark.aot-training}; 0, the default, uses no cache)
 * @param dispatchProperties dispatch settings other than the defaults
 * ({@code benchmark.dispatch.<property>})
 * @param output where logs, profiles and the report go
 * @param docs the page whose results section is rewritten, or null
 * ({@code benchmark.docs})
 */
record BenchmarkSettings(List<Integer> audiences, @Nullable String mongoUri, int urgentProbes, Duration urgentInterval,
		int limitMessages, String dispatchHeap, boolean profile, int warmUp, List<String> dispatchOptions,
		boolean dispatchJar, int aotTraining, Map<String, Object> dispatchProperties, Path output,
		@Nullable Path docs) {

	private static final String DISPATCH_PREFIX = "benchmark.dispatch.";

	static BenchmarkSettings fromSystemProperties() {
		List<Integer> audiences = Arrays.stream(property("benchmark.audiences", "10000").split(","))
			.map(String::trim)
			.map(Integer::parseInt)
			.toList();
		Map<String, Object> dispatch = new LinkedHashMap<>();
		System.getProperties()
			.stringPropertyNames()
			.stream()
			.filter((name) -> name.startsWith(DISPATCH_PREFIX))
			.sorted()
			.forEach((name) -> dispatch.put(name.substring(DISPATCH_PREFIX.length()), System.getProperty(name)));
		String docs = property("benchmark.docs", "");
		return new BenchmarkSettings(audiences, System.getProperty("benchmark.mongodb.uri"),
				Integer.parseInt(property("benchmark.urgent-probes", "50")),
				DurationStyle.detectAndParse(property("benchmark.urgent-interval", "5s")),
				Integer.parseInt(property("benchmark.limit-messages", "50000")),
				property("benchmark.dispatch-heap", "1g"), Boolean.parseBoolean(property("benchmark.profile", "false")),
				Integer.parseInt(property("benchmark.warm-up", "0")),
				Arrays.stream(property("benchmark.dispatch-options", "").split("\\s+"))
					.filter((option) -> !option.isEmpty())
					.toList(),
				Boolean.parseBoolean(property("benchmark.dispatch-jar", "false")),
				Integer.parseInt(property("benchmark.aot-training", "0")), dispatch,
				Path.of(property("benchmark.output", "target/benchmarks")), docs.isBlank() ? null : Path.of(docs));
	}

	/**
	 * Whether dispatch runs from its executable JAR: when asked, and always when an
	 * ahead-of-time cache is trained, as the cache takes only JAR files.
	 */
	boolean runsFromJar() {
		return this.dispatchJar || this.aotTraining > 0;
	}

	/** SMTP connections dispatch opens, as smtp-source must use as many sessions. */
	int smtpConnections() {
		return Integer
			.parseInt(String.valueOf(this.dispatchProperties.getOrDefault("alert.dispatch.smtp.connections", 4)));
	}

	private static String property(String name, String fallback) {
		String value = System.getProperty(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
