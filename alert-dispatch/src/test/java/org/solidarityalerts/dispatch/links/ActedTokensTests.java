package org.solidarityalerts.dispatch.links;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.links.SubscriberTokens.Acted;
import org.solidarityalerts.dispatch.links.SubscriberTokens.Purpose;
import org.solidarityalerts.dispatch.subscription.SubscriptionProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An "I did this" token names the reader, the alert version, the action and its kind, and
 * stands for nothing else: not another purpose, not after it expires.
 */
class ActedTokensTests {

	private static final Instant NOW = Instant.parse("2026-11-26T06:00:00Z");

	private final SubscriberTokens tokens = new SubscriberTokens(
			new SubscriptionProperties("a-test-secret-of-enough-length-for-hmac", null, null, null, null, null,
					List.of(), null, null),
			Clock.fixed(NOW, ZoneOffset.UTC));

	private final Acted acted = new Acted(SubscriberId.random(), new AlertVersion(AlertId.random(), 3), 7,
			"embassy-protest");

	@Test
	void aTokenReadsBackAsTheReaderAlertVersionActionAndKindItWasIssuedFor() {
		String token = this.tokens.issueActed(this.acted, NOW.plus(Duration.ofDays(90)));

		assertThat(this.tokens.verifyActed(token)).contains(this.acted);
		assertThat(token).doesNotContain(this.acted.subscriber().toString());
	}

	@Test
	void anExpiredTokenOrOneOfAnotherPurposeReportsNothing() {
		String expired = this.tokens.issueActed(this.acted, NOW.minusSeconds(1));
		String preferences = this.tokens.issue(Purpose.PREFERENCES, this.acted.subscriber(),
				NOW.plus(Duration.ofDays(1)));
		String acted = this.tokens.issueActed(this.acted, NOW.plus(Duration.ofDays(1)));

		assertThat(this.tokens.verifyActed(expired)).isEmpty();
		assertThat(this.tokens.verifyActed(preferences)).isEmpty();
		assertThat(this.tokens.verify(Purpose.PREFERENCES, acted)).isEmpty();
		assertThat(this.tokens.verify(Purpose.UNSUBSCRIBE, acted)).isEmpty();
	}

}
