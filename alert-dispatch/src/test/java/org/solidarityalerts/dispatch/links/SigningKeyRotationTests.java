package org.solidarityalerts.dispatch.links;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.links.SubscriberTokens.Purpose;
import org.solidarityalerts.dispatch.subscription.SubscriptionProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The signing key is rotated without breaking links already sent: links carry the id of
 * the key that signed them, every configured key keeps verifying, only the current one
 * signs, and a key removed stops verifying.
 */
class SigningKeyRotationTests {

	private static final String OLD_SECRET = "the-first-secret-of-this-deployment-0123456789";

	private static final String NEW_SECRET = "the-second-secret-of-this-deployment-0123456789";

	private final SubscriberId subscriber = new SubscriberId(UUID.randomUUID());

	private final Instant tomorrow = Instant.now().plus(Duration.ofDays(1));

	@Test
	void linksSignedBeforeARotationKeepWorkingAndNewOnesCarryTheNewKeysId() {
		SubscriberTokens before = tokens(OLD_SECRET, SigningKeys.NONE);
		String sentBefore = before.issue(Purpose.UNSUBSCRIBE, this.subscriber, this.tomorrow);
		SubscriberTokens named = tokens(OLD_SECRET, new SigningKeys("2026-11", Map.of("2026-11", NEW_SECRET)));
		String sentAfter = named.issue(Purpose.UNSUBSCRIBE, this.subscriber, this.tomorrow);

		assertThat(sentAfter).endsWith(".2026-11");
		assertThat(named.verify(Purpose.UNSUBSCRIBE, sentBefore)).contains(this.subscriber);
		assertThat(named.verify(Purpose.UNSUBSCRIBE, sentAfter)).contains(this.subscriber);
		assertThat(before.verify(Purpose.UNSUBSCRIBE, sentAfter)).as("an instance without the key").isEmpty();
	}

	@Test
	void aSecondRotationKeepsEveryConfiguredKeyVerifyingAndARemovedKeyStops() {
		SubscriberTokens first = tokens(OLD_SECRET, new SigningKeys("a", Map.of("a", NEW_SECRET)));
		String signedWithA = first.issue(Purpose.PREFERENCES, this.subscriber, this.tomorrow);
		String third = "the-third-secret-of-this-deployment-0123456789";
		SubscriberTokens second = tokens(OLD_SECRET, new SigningKeys("b", Map.of("a", NEW_SECRET, "b", third)));
		SubscriberTokens aRetired = tokens(OLD_SECRET, new SigningKeys("b", Map.of("b", third)));

		assertThat(second.verify(Purpose.PREFERENCES, signedWithA)).contains(this.subscriber);
		assertThat(second.issue(Purpose.PREFERENCES, this.subscriber, this.tomorrow)).endsWith(".b");
		assertThat(aRetired.verify(Purpose.PREFERENCES, signedWithA)).isEmpty();
	}

	@Test
	void aTokenCannotBeMovedToAnotherKeyOrPurpose() {
		SubscriberTokens tokens = tokens(OLD_SECRET, new SigningKeys("b", Map.of("b", NEW_SECRET)));
		String token = tokens.issue(Purpose.UNSUBSCRIBE, this.subscriber, this.tomorrow);
		String withoutId = token.substring(0, token.lastIndexOf('.'));

		assertThat(tokens.verify(Purpose.UNSUBSCRIBE, withoutId)).isEmpty();
		assertThat(tokens.verify(Purpose.UNSUBSCRIBE, withoutId + ".unknown")).isEmpty();
		assertThat(tokens.verify(Purpose.PREFERENCES, token)).isEmpty();
	}

	@Test
	void theCurrentKeyMustBeConfigured() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SigningKeys("c", Map.of("b", NEW_SECRET)))
			.withMessageContaining("alert.dispatch.subscription.signing.current");
		assertThatIllegalArgumentException().isThrownBy(() -> new SigningKeys(null, Map.of("b", "short")))
			.withMessageContaining("alert.dispatch.subscription.signing.keys.b");
	}

	private static SubscriberTokens tokens(String secret, SigningKeys keys) {
		return new SubscriberTokens(
				new SubscriptionProperties(secret, null, null, null, null, null, List.of(), null, null), keys,
				Clock.systemUTC());
	}

}
