package org.solidarityalerts.ingest.operations;

import java.util.List;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Refuses to start outside the {@code local} profile without a bootstrap operator key, or
 * with the local demo key, naming the setting: without one no operator can issue keys and
 * every call is answered 401; with the demo key (published in the README) anyone could.
 */
@Component
class ProductionSettingsCheck implements InitializingBean {

	/** The setting that opens the admin API to the first operator. */
	static final String OPERATOR_KEY = "alert.ingest.bootstrap.operator-key";

	/**
	 * The service token of dispatch's preview API: optional here (previews answer 502
	 * without it), never a development value.
	 */
	static final String PREVIEW_TOKEN = "alert.ingest.preview.token";

	/** What the development values in this repository contain. */
	static final List<String> DEVELOPMENT_MARKERS = List.of("do-not-use-in-production", "never-use-outside",
			"localdemokey", "local-demo");

	private final Environment environment;

	ProductionSettingsCheck(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void afterPropertiesSet() {
		if (this.environment.acceptsProfiles(Profiles.of("local"))) {
			return;
		}
		String key = this.environment.getProperty(OPERATOR_KEY, "");
		if (key.isBlank()) {
			throw new IllegalStateException(OPERATOR_KEY + " is not set: outside the local profile the bootstrap "
					+ "operator key must be set, or no operator can issue keys (see docs/operations.md, "
					+ "deploy/generate-env)");
		}
		if (DEVELOPMENT_MARKERS.stream().anyMatch(key::contains)) {
			throw new IllegalStateException(OPERATOR_KEY + " is a development value from this repository: outside "
					+ "the local profile set a key of your own (see docs/operations.md, deploy/generate-env)");
		}
		String previewToken = this.environment.getProperty(PREVIEW_TOKEN, "");
		if (DEVELOPMENT_MARKERS.stream().anyMatch(previewToken::contains)) {
			throw new IllegalStateException(PREVIEW_TOKEN + " is a development value from this repository: outside "
					+ "the local profile set a token of your own (see docs/operations.md, deploy/generate-env)");
		}
	}

}
