package org.solidarityalerts.service;

import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A problem detail written outside Spring MVC looks as Spring MVC writes it: its
 * properties beside the standard members, no {@code null} members.
 */
class ProblemDetailsTests {

	@Test
	void aWrittenProblemHasItsStatusTypeAndPropertiesAndNoNullMembers() throws Exception {
		ProblemDetail problem = ProblemDetails.of(HttpStatus.CONTENT_TOO_LARGE, "Request too large", "Too large.");
		problem.setProperty("maxBytes", 1024);
		MockHttpServletResponse response = new MockHttpServletResponse();

		ProblemDetails.write(response, problem);

		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		JSONAssert.assertEquals(
				"{\"type\":\"about:blank\",\"title\":\"Request too large\",\"status\":413,\"detail\":\"Too large.\",\"maxBytes\":1024}",
				response.getContentAsString(), JSONCompareMode.STRICT);
	}

}
