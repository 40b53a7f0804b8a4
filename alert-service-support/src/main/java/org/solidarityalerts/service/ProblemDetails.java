package org.solidarityalerts.service;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

/**
 * RFC 9457 problem details, made and written one way in every service: a controller
 * advice returns {@link #of}, and a filter, an entry point or the container's error page
 * (which answer before Spring MVC) {@link #write}s it as Spring MVC would: its properties
 * beside the standard members, no {@code null} members.
 */
public final class ProblemDetails {

	private static final JsonMapper json = JsonMapper.builder()
		.addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
		.build();

	private ProblemDetails() {
	}

	/**
	 * A problem detail of type {@code about:blank}.
	 * @param status the status
	 * @param title a short summary of the problem type
	 * @param detail what happened, in plain words; never what was sent
	 * @return the problem detail
	 */
	public static ProblemDetail of(HttpStatusCode status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		problem.setType(URI.create("about:blank"));
		return problem;
	}

	/**
	 * Writes a problem detail as the answer, with its status.
	 * @param response the answer, not yet committed
	 * @param problem the problem detail
	 * @throws IOException if the answer cannot be written
	 */
	public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), problem);
	}

	/**
	 * A problem detail as JSON, for a writer that is not a servlet response.
	 * @param problem the problem detail
	 * @return its JSON
	 */
	public static String toJson(ProblemDetail problem) {
		return json.writeValueAsString(problem);
	}

}
