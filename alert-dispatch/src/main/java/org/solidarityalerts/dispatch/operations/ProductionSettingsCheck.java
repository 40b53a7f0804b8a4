package org.solidarityalerts.dispatch.operations;

import java.util.List;
import java.util.stream.Stream;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Refuses to start outside the {@code local} profile with a secret missing or set to a
 * development value, naming the setting: with the public development key anyone could
 * forge a subscriber's unsubscribe, preferences, export or erasure link (subscriber ids
 * are on the topics and the dashboard), or reverse the suppression list.
 */
@Component
class ProductionSettingsCheck implements InitializingBean {

	/** Settings that must be set to a secret of this deployment's own. */
	static final List<String> SECRETS = List.of("alert.dispatch.subscription.token-secret",
			"alert.dispatch.suppression.secret", "alert.dispatch.preview.token");

	/** Settings that may be unset but never carry a development value. */
	static final List<String> OPTIONAL_SECRETS = List.of("alert.dispatch.subscription.list-import.operator-password");

	/** What the development values in this repository contain. */
	static final List<String> DEVELOPMENT_MARKERS = List.of("do-not-use-in-production", "never-use-outside",
			"local-demo");

	private final Environment environment;

	ProductionSettingsCheck(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void afterPropertiesSet() {
		if (this.environment.acceptsProfiles(Profiles.of("local"))) {
			return;
		}
		for (String name : SECRETS) {
			String value = this.environment.getProperty(name);
			if (value == null || value.isBlank()) {
				throw new IllegalStateException(name + " is not set: outside the local profile every secret must be "
						+ "set (see docs/operations.md, deploy/generate-env)");
			}
		}
		List<String> signingKeys = Binder.get(this.environment)
			.bind("alert.dispatch.subscription.signing.keys", Bindable.mapOf(String.class, String.class))
			.map((keys) -> keys.keySet()
				.stream()
				.map((id) -> "alert.dispatch.subscription.signing.keys." + id)
				.toList())
			.orElse(List.of());
		for (String name : Stream.of(SECRETS, OPTIONAL_SECRETS, signingKeys).flatMap(List::stream).toList()) {
			String value = this.environment.getProperty(name, "");
			if (DEVELOPMENT_MARKERS.stream().anyMatch(value::contains)) {
				throw new IllegalStateException(name + " is a development value from this repository: outside the "
						+ "local profile set a secret of your own (see docs/operations.md, deploy/generate-env)");
			}
		}
	}

}
