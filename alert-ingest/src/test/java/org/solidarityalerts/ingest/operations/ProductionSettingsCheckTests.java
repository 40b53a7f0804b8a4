package org.solidarityalerts.ingest.operations;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Outside the local profile ingest refuses to start without a bootstrap operator key or
 * with the demo key, and says which setting.
 */
class ProductionSettingsCheckTests {

	@Test
	void aMissingOperatorKeyIsRefusedByName() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new ProductionSettingsCheck(new MockEnvironment()).afterPropertiesSet())
			.withMessageStartingWith("alert.ingest.bootstrap.operator-key is not set");
	}

	@Test
	void theDemoKeyIsRefused() {
		MockEnvironment environment = new MockEnvironment().withProperty(ProductionSettingsCheck.OPERATOR_KEY,
				"sa_localdemokey_local-demo-key-never-use-outside-a-laptop00");
		assertThatIllegalStateException()
			.isThrownBy(() -> new ProductionSettingsCheck(environment).afterPropertiesSet())
			.withMessageStartingWith("alert.ingest.bootstrap.operator-key is a development value");
	}

	@Test
	void theDevelopmentPreviewTokenIsRefused() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty(ProductionSettingsCheck.OPERATOR_KEY,
					"sa_opsbootstrap1_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ")
			.withProperty(ProductionSettingsCheck.PREVIEW_TOKEN,
					"local-development-preview-token-do-not-use-in-production");
		assertThatIllegalStateException()
			.isThrownBy(() -> new ProductionSettingsCheck(environment).afterPropertiesSet())
			.withMessageStartingWith("alert.ingest.preview.token is a development value");
	}

	@Test
	void aKeyOfTheDeploymentsOwnStarts() {
		MockEnvironment environment = new MockEnvironment().withProperty(ProductionSettingsCheck.OPERATOR_KEY,
				"sa_opsbootstrap1_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ");
		assertThatNoException().isThrownBy(() -> new ProductionSettingsCheck(environment).afterPropertiesSet());
	}

	@Test
	void theLocalProfileStartsWithoutAKey() {
		MockEnvironment environment = new MockEnvironment();
		environment.setActiveProfiles("local");
		assertThatNoException().isThrownBy(() -> new ProductionSettingsCheck(environment).afterPropertiesSet());
	}

}
