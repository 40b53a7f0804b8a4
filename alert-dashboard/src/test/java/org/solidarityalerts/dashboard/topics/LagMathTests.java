package org.solidarityalerts.dashboard.topics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.solidarityalerts.dashboard.topics.LagMath.Sample;
import org.solidarityalerts.dashboard.topics.LagMath.Trend;

import static org.assertj.core.api.Assertions.assertThat;

class LagMathTests {

	private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

	@Test
	void lagIsTheRecordsBetweenTheCommittedOffsetAndTheEnd() {
		assertThat(LagMath.lag(40L, 0, 100)).isEqualTo(60);
	}

	@Test
	void lagIsNeverNegativeWhenACommitOvertakesTheEndOffsetReadBeforeIt() {
		assertThat(LagMath.lag(105L, 0, 100)).isZero();
	}

	@Test
	void aGroupThatNeverCommittedLagsFromThePartitionsFirstOffset() {
		assertThat(LagMath.lag(null, 30, 100)).isEqualTo(70);
	}

	@Test
	void aLagThatRisesIsGrowingAndHasNoTimeToDrain() {
		List<Sample> samples = samples(0, 10, 20, 30);

		assertThat(LagMath.trend(samples)).isEqualTo(Trend.GROWING);
		assertThat(LagMath.timeToDrain(samples)).isNull();
	}

	@Test
	void aLagThatFallsIsDrainingAndDrainsAtItsCurrentPace() {
		List<Sample> samples = samples(60, 50, 40, 30);

		assertThat(LagMath.slope(samples)).isEqualTo(-10.0);
		assertThat(LagMath.trend(samples)).isEqualTo(Trend.DRAINING);
		assertThat(LagMath.timeToDrain(samples)).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void aLagThatHoldsIsSteadyAndAGroupWithoutLagHasNothingToDrain() {
		assertThat(LagMath.trend(samples(5, 5, 5))).isEqualTo(Trend.STEADY);
		assertThat(LagMath.timeToDrain(samples(5, 5, 5))).isNull();
		assertThat(LagMath.trend(samples(3, 0))).isEqualTo(Trend.STEADY);
		assertThat(LagMath.timeToDrain(samples(3, 0))).isEqualTo(Duration.ZERO);
	}

	@Test
	void oneSampleShowsNoTrend() {
		assertThat(LagMath.trend(samples(50))).isEqualTo(Trend.STEADY);
		assertThat(LagMath.slope(samples(50))).isZero();
	}

	private static List<Sample> samples(long... lags) {
		Sample[] samples = new Sample[lags.length];
		for (int i = 0; i < lags.length; i++) {
			samples[i] = new Sample(T0.plusSeconds(i), lags[i]);
		}
		return List.of(samples);
	}

}
