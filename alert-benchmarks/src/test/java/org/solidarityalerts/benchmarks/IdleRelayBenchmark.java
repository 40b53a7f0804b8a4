package org.solidarityalerts.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An urgent action after a quiet spell, through a relay that drops idle connections
 * (docs/benchmarks.md): real relays close connections left idle (many providers after 30
 * s), and the first urgent action after a quiet minute must still reach a reader's SMTP
 * server within a second. Needs no Postfix: the relay is a
 * {@link org.solidarityalerts.testsupport.ScriptedSmtpServer}. It fails only if an urgent
 * action's e-mail never arrives; the target is reported, not asserted. Run only with
 * {@code -Pbenchmark}, alone with {@code -Dtest=IdleRelayBenchmark}.
 */
class IdleRelayBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(IdleRelayBenchmark.class);

	static final String COMMAND = "./mvnw -Pbenchmark -pl alert-benchmarks -am verify -Dtest=IdleRelayBenchmark";

	@Test
	void urgentActionsAfterIdleSpellsReachTheRelayThatDroppedTheIdleConnections() throws Exception {
		BenchmarkSettings settings = BenchmarkSettings.fromSystemProperties();
		IdleRelaySettings idle = IdleRelaySettings.fromSystemProperties();
		logger.info("{} urgent actions, each after {} s idle, relay idle timeout {} s", idle.tries(),
				idle.spell().toSeconds(), idle.relayTimeout().toSeconds());
		IdleRelayFigures figures;
		try (IdleRelayRun run = new IdleRelayRun(settings, idle)) {
			figures = run.measure();
		}
		String report = figures.markdown(command());
		System.out.println(report);
		Files.createDirectories(settings.output());
		Files.writeString(settings.output().resolve("idle-relay.md"), report, StandardCharsets.UTF_8);
		if (settings.docs() != null) {
			Report.writeInto(settings.docs(), IdleRelayFigures.START, IdleRelayFigures.END, report);
		}
		assertThat(figures.tries()).as("urgent actions that reached the relay").hasSize(idle.tries());
	}

	private static String command() {
		StringBuilder command = new StringBuilder(COMMAND);
		System.getProperties()
			.stringPropertyNames()
			.stream()
			.filter((name) -> name.startsWith("benchmark.") && !name.equals("benchmark.docs")
					&& !name.equals("benchmark.audiences"))
			.sorted()
			.forEach((name) -> command.append(" -D").append(name).append('=').append(System.getProperty(name)));
		return command.toString();
	}

}
