package org.solidarityalerts.dashboard.operations;

import org.junit.jupiter.api.Test;
import org.solidarityalerts.dashboard.DashboardProperties;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Outside the local profile the dashboard refuses to start without a user, or with a
 * password kept in clear, and says which setting.
 */
class ProductionSettingsCheckTests {

	@Test
	void noUsersAreRefusedByName() {
		assertThatIllegalStateException().isThrownBy(() -> check(new MockEnvironment()))
			.withMessageStartingWith("alert.dashboard.users is empty");
	}

	@Test
	void aPasswordInClearIsRefusedByName() {
		MockEnvironment environment = new MockEnvironment().withProperty("alert.dashboard.users[0].name", "ada")
			.withProperty("alert.dashboard.users[0].password", "{noop}secret");
		assertThatIllegalStateException().isThrownBy(() -> check(environment))
			.withMessageStartingWith("alert.dashboard.users[0].password must be a password hash");
	}

	@Test
	void aUserWithAHashStarts() {
		MockEnvironment environment = new MockEnvironment().withProperty("alert.dashboard.users[0].name", "ada")
			.withProperty("alert.dashboard.users[0].password",
					"{bcrypt}$2a$10$WAho2Wro.ZLJ.aBBgk6gkeMyWH4w.mVrBIsnXzYrOo0hyx2RYzNjS");
		assertThatNoException().isThrownBy(() -> check(environment));
	}

	@Test
	void theLocalProfileStartsWithoutUsers() {
		MockEnvironment environment = new MockEnvironment();
		environment.setActiveProfiles("local");
		assertThatNoException().isThrownBy(() -> check(environment));
	}

	private static void check(MockEnvironment environment) {
		DashboardProperties properties = Binder.get(environment)
			.bindOrCreate("alert.dashboard", DashboardProperties.class);
		new ProductionSettingsCheck(properties, environment).afterPropertiesSet();
	}

}
