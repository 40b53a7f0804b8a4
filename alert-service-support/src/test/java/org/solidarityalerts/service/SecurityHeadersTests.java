package org.solidarityalerts.service;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every service's policy starts from one that allows nothing and adds only its own
 * directives.
 */
class SecurityHeadersTests {

	@Test
	void aPolicyAllowsNothingButWhatItAdds() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		SecurityHeaders.allowing("style-src 'self'").writeTo(response);
		assertThat(response.getHeader("Content-Security-Policy"))
			.isEqualTo("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; style-src 'self'");
	}

}
