package org.solidarityalerts.benchmarks;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UrgentPathTests {

	private static final Instant POSTED = Instant.parse("2026-11-27T05:00:55.187Z");

	@Test
	void splitsTheWaitAtTheTwoTopics() {
		UrgentPath path = new UrgentPath("5d399b00", Duration.ofSeconds(10), POSTED, POSTED.plusMillis(40),
				POSTED.plusMillis(120), POSTED.plusMillis(150), POSTED.plusMillis(253));

		assertThat(path.latency()).isEqualTo(Duration.ofMillis(253));
		assertThat(path.stretches()).isEqualTo("ingest answered after 40 ms and had it on alerts.urgent after 120 ms; "
				+ "then dispatch's audience stage 30 ms, dispatch's urgent sender and SMTP 103 ms");
	}

	@Test
	void saysSoWhenARecordWasNotFound() {
		UrgentPath path = new UrgentPath("5d399b00", Duration.ZERO, POSTED, POSTED.plusMillis(40),
				POSTED.plusMillis(120), null, POSTED.plusMillis(253));

		assertThat(path.stretches()).isEqualTo("ingest answered after 40 ms and had it on alerts.urgent after 120 ms; "
				+ "then dispatch's audience stage n/a, dispatch's urgent sender and SMTP n/a");
	}

}
