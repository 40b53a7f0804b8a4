package org.solidarityalerts.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every service's policy starts from one that allows nothing and adds only its own
 * directives.
 */
class SecurityHeadersTests {

	@Test
	void aPolicyAllowsNothingButWhatItAdds() {
		assertThat(SecurityHeaders.allowing("style-src 'self'").contentSecurityPolicy())
			.isEqualTo("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; style-src 'self'");
	}

}
