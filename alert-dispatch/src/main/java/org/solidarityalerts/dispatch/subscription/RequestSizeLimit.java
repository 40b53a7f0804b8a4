package org.solidarityalerts.dispatch.subscription;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses oversize sign-up and preferences requests before anything reads them: 413, as a
 * page for people and as problem details for the API. A request that does not say its
 * length is refused with 411, as browsers always say it.
 */
class RequestSizeLimit extends OncePerRequestFilter {

	private final long maxBytes;

	RequestSizeLimit(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!"POST".equals(request.getMethod())) {
			chain.doFilter(request, response);
			return;
		}
		long length = request.getContentLengthLong();
		if (length > this.maxBytes) {
			refuse(request, response, HttpStatus.CONTENT_TOO_LARGE, "Too much to send",
					"What you sent is larger than this form accepts. Please shorten it and try again.");
			return;
		}
		if (length < 0) {
			refuse(request, response, HttpStatus.LENGTH_REQUIRED, "Length required",
					"Please send the length of what you send.");
			return;
		}
		chain.doFilter(request, response);
	}

	private static void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
			String title, String detail) throws IOException {
		response.setStatus(status.value());
		response.setHeader("Connection", "close");
		if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.getOutputStream()
				.write(("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status.value()
						+ ",\"detail\":\"" + detail + "\"}")
					.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
		else {
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.setContentType(MediaType.TEXT_HTML_VALUE);
			response.setHeader("Content-Security-Policy", SubscriptionSecurity.CONTENT_SECURITY_POLICY);
			response.getWriter()
				.write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"><title>" + title
						+ "</title><link rel=\"stylesheet\" href=\"/assets/subscription.css\"></head><body><main><h1>"
						+ title + "</h1><p>" + detail + "</p></main></body></html>");
		}
	}

}
