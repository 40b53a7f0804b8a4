package org.solidarityalerts.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Dispatch's executable JAR, built by this build's {@code package} phase and extracted as
 * Spring Boot's tools extract it for a container ({@code java -Djarmode=tools -jar ...
 * extract}): an application JAR whose manifest names the libraries beside it. The
 * ahead-of-time cache takes only JAR files on the class path, so a cache can be trained
 * and used only on this layout.
 */
final class DispatchJar {

	private static final Path TARGET = Path.of("..", "alert-dispatch", "target");

	private DispatchJar() {
	}

	/**
	 * Extracts the executable JAR.
	 * @param destination an empty or absent directory (emptied first)
	 * @return the class path to run dispatch from: the extracted application JAR
	 */
	static String extract(Path destination) throws IOException, InterruptedException {
		Path jar = executableJar();
		deleteRecursively(destination);
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Djarmode=tools", "-jar", jar.toAbsolutePath().toString(), "extract", "--destination",
				destination.toAbsolutePath().toString());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		// Reading the output to its end waits for the process.
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException("Could not extract " + jar + ": " + output);
		}
		return destination.resolve(jar.getFileName()).toAbsolutePath().toString();
	}

	private static Path executableJar() throws IOException {
		try (DirectoryStream<Path> jars = Files.newDirectoryStream(TARGET, "alert-dispatch-*-exec.jar")) {
			for (Path jar : jars) {
				return jar;
			}
		}
		throw new IllegalStateException("No executable JAR in " + TARGET.toAbsolutePath()
				+ ": build it with the benchmark's command (-am packages alert-dispatch)");
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
