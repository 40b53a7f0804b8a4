package org.solidarityalerts.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fan-out benchmark (docs/benchmarks.md): for each audience size, a fresh stack fans
 * one appeal out to every subscriber while urgent actions are timed, and the figures are
 * compared with what smtp-source achieves against the same sink. It fails if any
 * subscriber's e-mail is lost or any arrives twice. Run only with {@code -Pbenchmark}.
 */
class FanOutBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(FanOutBenchmark.class);

	static final String COMMAND = "./mvnw -Pbenchmark -pl alert-benchmarks -am verify";

	@Test
	void fanOutReachesEveryoneOnceAndIsMeasuredAgainstTheMachinesSmtpLimit() throws Exception {
		assertThat(SmtpSink.PROGRAM).as("Postfix's smtp-sink (apt-get install postfix)").isExecutable();
		assertThat(SmtpSource.PROGRAM).as("Postfix's smtp-source (apt-get install postfix)").isExecutable();
		BenchmarkSettings settings = BenchmarkSettings.fromSystemProperties();
		List<Figures> runs = new ArrayList<>();
		for (int audience : settings.audiences()) {
			logger.info("Fan-out to {} subscribers", audience);
			try (FanOutRun run = new FanOutRun(settings, audience)) {
				Figures figures = run.measure();
				runs.add(figures);
				logger.info("Figures so far:\n{}", Report.markdown(runs, COMMAND));
			}
		}
		String report = Report.markdown(runs, command(settings));
		System.out.println(report);
		Files.writeString(settings.output().resolve("results.md"), report, StandardCharsets.UTF_8);
		if (settings.docs() != null) {
			Report.writeInto(settings.docs(), report);
		}
		assertThat(runs).allSatisfy((run) -> {
			assertThat(run.lost()).as("e-mails lost at %d", run.audience()).isZero();
			assertThat(run.duplicates()).as("e-mails duplicated at %d", run.audience()).isZero();
		});
	}

	private static String command(BenchmarkSettings settings) {
		StringBuilder command = new StringBuilder(COMMAND);
		System.getProperties()
			.stringPropertyNames()
			.stream()
			.filter((name) -> name.startsWith("benchmark.") && !name.equals("benchmark.docs")
					&& !name.equals("benchmark.audiences"))
			.sorted()
			.forEach((name) -> command.append(" -D").append(name).append('=').append(quoted(System.getProperty(name))));
		command.append(" -Dbenchmark.audiences=")
			.append(String.join(",", settings.audiences().stream().map(String::valueOf).toList()));
		return command.toString();
	}

	private static String quoted(String value) {
		return value.contains(" ") ? "\"" + value + "\"" : value;
	}

}
