package org.solidarityalerts.dispatch.mail;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.service.TopicReplication;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Dispatch refuses to start with a public URL that is not https, except in the local
 * profile, and says which setting is wrong.
 */
class PublicUrlCheckTests {

	@Test
	void aPlainHttpPublicUrlIsRefusedOutsideTheLocalProfile() {
		assertThatIllegalStateException().isThrownBy(() -> check("http://alerts.example.org", new MockEnvironment()))
			.withMessageContaining("alert.dispatch.mail.public-url must be an https URL");
		assertThatIllegalStateException().isThrownBy(() -> check("alerts.example.org", new MockEnvironment()))
			.withMessageContaining("alert.dispatch.mail.public-url");
	}

	@Test
	void anHttpsPublicUrlStarts() {
		assertThatNoException().isThrownBy(() -> check("https://alerts.example.org", new MockEnvironment()));
	}

	@Test
	void theLocalProfileMayUsePlainHttpOnThisMachine() {
		MockEnvironment local = new MockEnvironment();
		local.setActiveProfiles("local");
		assertThatNoException().isThrownBy(() -> check("http://localhost:8081", local));
	}

	private static void check(String url, MockEnvironment environment) {
		DispatchProperties properties = new DispatchProperties("/test", new DispatchProperties.FanOut(200, 10),
				new DispatchProperties.Mail("alerts@example.org", "Alerts", "alerts.example.org", url),
				new DispatchProperties.Smtp(1, Duration.ofSeconds(1), Duration.ofSeconds(1), 0, Duration.ofSeconds(15),
						false, 0, 0, Duration.ofSeconds(30), true),
				new TopicReplication((short) 1, 2),
				new DispatchProperties.Listeners(1, 1, Duration.ofMillis(500), 4, Duration.ofSeconds(10)),
				new DispatchProperties.Delivery(3, Duration.ofSeconds(1), 2, Duration.ofMinutes(1),
						Duration.ofMinutes(1), 1));
		new PublicUrlCheck(properties, environment).afterPropertiesSet();
	}

}
