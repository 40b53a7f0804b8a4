package org.solidarityalerts.dispatch.mail;

import java.net.URI;

import org.solidarityalerts.dispatch.DispatchProperties;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Refuses to start with a public URL that is not https, outside the {@code local}
 * profile: every e-mail's links and its one-click unsubscribe (RFC 8058 requires https)
 * point there, and a subscriber's token must never travel in clear.
 */
@Component
class PublicUrlCheck implements InitializingBean {

	private final DispatchProperties properties;

	private final Environment environment;

	PublicUrlCheck(DispatchProperties properties, Environment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	@Override
	public void afterPropertiesSet() {
		String url = this.properties.mail().publicUrl();
		if (this.environment.acceptsProfiles(Profiles.of("local"))) {
			return;
		}
		URI uri;
		try {
			uri = URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("alert.dispatch.mail.public-url is not a URL: " + url);
		}
		if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
			throw new IllegalStateException("alert.dispatch.mail.public-url must be an https URL outside the local "
					+ "profile (every e-mail's links and its one-click unsubscribe point there), not " + url);
		}
	}

}
