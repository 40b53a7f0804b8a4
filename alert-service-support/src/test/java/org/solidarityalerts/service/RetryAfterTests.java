package org.solidarityalerts.service;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTests {

	@Test
	void wholeSecondsRoundedUpAndNeverNone() {
		assertThat(RetryAfter.seconds(Duration.ofSeconds(180))).isEqualTo(180);
		assertThat(RetryAfter.seconds(Duration.ofMillis(179_001))).isEqualTo(180);
		assertThat(RetryAfter.seconds(Duration.ofNanos(1))).isEqualTo(1);
		assertThat(RetryAfter.seconds(Duration.ZERO)).isEqualTo(1);
	}

}
