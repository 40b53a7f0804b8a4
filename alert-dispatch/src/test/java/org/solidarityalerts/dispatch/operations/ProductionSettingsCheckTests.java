package org.solidarityalerts.dispatch.operations;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Outside the local profile dispatch refuses a missing secret or a development one, and
 * says which setting.
 */
class ProductionSettingsCheckTests {

	private static final String TOKEN = "alert.dispatch.subscription.token-secret";

	private static final String SUPPRESSION = "alert.dispatch.suppression.secret";

	private static final String PREVIEW = "alert.dispatch.preview.token";

	@Test
	void aMissingTokenSecretIsRefusedByName() {
		MockEnvironment environment = new MockEnvironment().withProperty(SUPPRESSION, "s".repeat(40));
		assertThatIllegalStateException()
			.isThrownBy(() -> new ProductionSettingsCheck(environment).afterPropertiesSet())
			.withMessageStartingWith(TOKEN + " is not set");
	}

	@Test
	void aMissingPreviewTokenIsRefusedByName() {
		MockEnvironment environment = new MockEnvironment().withProperty(TOKEN, "t".repeat(40))
			.withProperty(SUPPRESSION, "s".repeat(40));
		assertThatIllegalStateException()
			.isThrownBy(() -> new ProductionSettingsCheck(environment).afterPropertiesSet())
			.withMessageStartingWith(PREVIEW + " is not set");
	}

	@Test
	void aDevelopmentPreviewTokenIsRefusedByName() {
		MockEnvironment environment = new MockEnvironment().withProperty(TOKEN, "t".repeat(40))
			.withProperty(SUPPRESSION, "s".repeat(40))
			.withProperty(PREVIEW, "local-development-preview-token-do-not-use-in-production");
		assertThatIllegalStateException()
			.isThrownBy(() -> new ProductionSettingsCheck(environment).afterPropertiesSet())
			.withMessageStartingWith(PREVIEW + " is a development value");
	}

	@Test
	void theDevelopmentSuppressionSecretIsRefusedByName() {
		MockEnvironment environment = new MockEnvironment().withProperty(TOKEN, "t".repeat(40))
			.withProperty(PREVIEW, "p".repeat(40))
			.withProperty(SUPPRESSION, "local-development-suppression-key-do-not-use-in-production");
		assertThatIllegalStateException()
			.isThrownBy(() -> new ProductionSettingsCheck(environment).afterPropertiesSet())
			.withMessageStartingWith(SUPPRESSION + " is a development value");
	}

	@Test
	void aDevelopmentValueAsANamedSigningKeyIsRefusedByName() {
		MockEnvironment environment = new MockEnvironment().withProperty(TOKEN, "t".repeat(40))
			.withProperty(PREVIEW, "p".repeat(40))
			.withProperty(SUPPRESSION, "s".repeat(40))
			.withProperty("alert.dispatch.subscription.signing.keys.2026-11",
					"local-development-secret-do-not-use-in-production");
		assertThatIllegalStateException()
			.isThrownBy(() -> new ProductionSettingsCheck(environment).afterPropertiesSet())
			.withMessageStartingWith("alert.dispatch.subscription.signing.keys.2026-11 is a development value");
	}

	@Test
	void secretsOfTheDeploymentsOwnStart() {
		MockEnvironment environment = new MockEnvironment().withProperty(TOKEN, "t".repeat(40))
			.withProperty(PREVIEW, "p".repeat(40))
			.withProperty(SUPPRESSION, "s".repeat(40));
		assertThatNoException().isThrownBy(() -> new ProductionSettingsCheck(environment).afterPropertiesSet());
	}

	@Test
	void theLocalProfileTakesTheDevelopmentSecrets() {
		MockEnvironment environment = new MockEnvironment().withProperty(TOKEN,
				"local-development-secret-do-not-use-in-production");
		environment.setActiveProfiles("local");
		assertThatNoException().isThrownBy(() -> new ProductionSettingsCheck(environment).afterPropertiesSet());
	}

}
