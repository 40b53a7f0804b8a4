package org.solidarityalerts.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JVM options a service's container starts with ({@code <module>/jvm.options}, which
 * the Dockerfile hands to {@code java} as an argument file), so that the benchmark runs
 * dispatch as it is deployed.
 */
final class DeployedJvmOptions {

	private DeployedJvmOptions() {
	}

	/**
	 * A module's JVM options.
	 * @param module the module's directory name
	 * @return its options, none if it has no {@code jvm.options}
	 */
	static List<String> of(String module) {
		Path file = Path.of("..", module, "jvm.options");
		if (!Files.exists(file)) {
			return List.of();
		}
		try {
			// The launcher's argument-file syntax, as far as these files use it: one
			// option per line, # starts a comment.
			return Files.readAllLines(file, StandardCharsets.UTF_8)
				.stream()
				.map(String::strip)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
