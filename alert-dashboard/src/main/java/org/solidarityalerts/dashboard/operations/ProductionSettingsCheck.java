package org.solidarityalerts.dashboard.operations;

import org.solidarityalerts.dashboard.DashboardProperties;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Refuses to start outside the {@code local} profile without a user, or with a user whose
 * password is missing or not a hash with its encoding id, naming the setting: the
 * dashboard would otherwise run with nobody able to log in, or with a password kept in
 * clear.
 */
@Component
class ProductionSettingsCheck implements InitializingBean {

	private final DashboardProperties properties;

	private final Environment environment;

	ProductionSettingsCheck(DashboardProperties properties, Environment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	@Override
	public void afterPropertiesSet() {
		if (this.environment.acceptsProfiles(Profiles.of("local"))) {
			return;
		}
		if (this.properties.users().isEmpty()) {
			throw new IllegalStateException("alert.dashboard.users is empty: outside the local profile at least one "
					+ "user must be configured (see docs/operations.md, deploy/generate-env)");
		}
		for (int i = 0; i < this.properties.users().size(); i++) {
			String password = this.properties.users().get(i).password();
			if (password == null || !password.startsWith("{") || password.startsWith("{noop}")) {
				throw new IllegalStateException("alert.dashboard.users[" + i + "].password must be a password hash "
						+ "with its encoding id, e.g. {bcrypt}$2y$10$... (see deploy/generate-env)");
			}
		}
	}

}
