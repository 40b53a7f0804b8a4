package org.solidarityalerts.dispatch.messaging;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.DispatchProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which retry topic a deferred attempt or a busy claim waits on.
 */
class RetryTiersTests {

	private final RetryTiers tiers = new RetryTiers(new DispatchProperties.Delivery(6, Duration.ofSeconds(30), 4,
			Duration.ofHours(1), Duration.ofMinutes(2), 1));

	@Test
	void theDefaultScheduleHasOneTierPerDistinctDelay() {
		assertThat(this.tiers.all()).map(RetryTiers.Tier::topic)
			.containsExactly("deliveries.retry.30s", "deliveries.retry.2m", "deliveries.retry.8m",
					"deliveries.retry.32m", "deliveries.retry.1h");
		assertThat(this.tiers.topics()).containsExactly("deliveries.retry", "deliveries.retry.30s",
				"deliveries.retry.2m", "deliveries.retry.8m", "deliveries.retry.32m", "deliveries.retry.1h");
	}

	@Test
	void eachAttemptWaitsOnTheTierOfItsDelay() {
		assertThat(this.tiers.forAttempt(2)).isEqualTo(tier(Duration.ofSeconds(30), "deliveries.retry.30s"));
		assertThat(this.tiers.forAttempt(3)).isEqualTo(tier(Duration.ofMinutes(2), "deliveries.retry.2m"));
		assertThat(this.tiers.forAttempt(4)).isEqualTo(tier(Duration.ofMinutes(8), "deliveries.retry.8m"));
		assertThat(this.tiers.forAttempt(5)).isEqualTo(tier(Duration.ofMinutes(32), "deliveries.retry.32m"));
		assertThat(this.tiers.forAttempt(6)).isEqualTo(tier(Duration.ofHours(1), "deliveries.retry.1h"));
	}

	@Test
	void aBusyClaimWaitsOnTheSmallestTierThatIsLongEnough() {
		assertThat(this.tiers.forWait(Duration.ofSeconds(1)).topic()).isEqualTo("deliveries.retry.30s");
		assertThat(this.tiers.forWait(Duration.ofSeconds(30)).topic()).isEqualTo("deliveries.retry.30s");
		assertThat(this.tiers.forWait(Duration.ofSeconds(31)).topic()).isEqualTo("deliveries.retry.2m");
		assertThat(this.tiers.forWait(Duration.ofSeconds(119)).topic()).isEqualTo("deliveries.retry.2m");
		assertThat(this.tiers.forWait(Duration.ofMinutes(9)).topic()).isEqualTo("deliveries.retry.32m");
	}

	@Test
	void aWaitLongerThanEveryTierTakesTheLongestAndNoWaitIsDueNow() {
		assertThat(this.tiers.forWait(Duration.ofHours(3))).isEqualTo(tier(Duration.ofHours(1), "deliveries.retry.1h"));
		assertThat(this.tiers.forWait(Duration.ZERO)).isEqualTo(tier(Duration.ZERO, Topics.DELIVERY_RETRIES));
		assertThat(this.tiers.forWait(Duration.ofSeconds(-5)).topic()).isEqualTo(Topics.DELIVERY_RETRIES);
	}

	@Test
	void delaysThatAreNotWholeSecondsAreNamedInMillisecondsAndRepeatedDelaysShareATier() {
		RetryTiers fast = new RetryTiers(new DispatchProperties.Delivery(3, Duration.ofMillis(300), 1,
				Duration.ofHours(1), Duration.ofSeconds(5), 1));
		assertThat(fast.all()).containsExactly(tier(Duration.ofMillis(300), "deliveries.retry.300ms"));
		assertThat(fast.forAttempt(3).topic()).isEqualTo("deliveries.retry.300ms");
		assertThat(fast.forWait(Duration.ofSeconds(5)).topic()).isEqualTo("deliveries.retry.300ms");
	}

	private static RetryTiers.Tier tier(Duration delay, String topic) {
		return new RetryTiers.Tier(delay, topic);
	}

}
