package org.solidarityalerts.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The security headers of every answer of every service, in one place: a content security
 * policy that allows nothing ({@code default-src 'none'}), no framing
 * ({@code frame-ancestors 'none'} and {@code X-Frame-Options: DENY}), no {@code <base>}
 * and no referrer; a service adds only the directives its pages truly need, and a page
 * that must tell the referrer to its own site says so. Used as
 * {@code http.headers(SecurityHeaders.allowing("style-src 'self'"))}.
 */
public final class SecurityHeaders implements Customizer<HeadersConfigurer<HttpSecurity>> {

	private static final List<String> BASE = List.of("default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'");

	private final String contentSecurityPolicy;

	private final ReferrerPolicy referrerPolicy;

	private SecurityHeaders(String contentSecurityPolicy, ReferrerPolicy referrerPolicy) {
		this.contentSecurityPolicy = contentSecurityPolicy;
		this.referrerPolicy = referrerPolicy;
	}

	/**
	 * The headers with a policy that allows what the given directives allow, and nothing
	 * else.
	 * @param directives content security policy directives beyond the base ones, such as
	 * {@code style-src 'self'}
	 * @return the headers, sending no referrer
	 */
	public static SecurityHeaders allowing(String... directives) {
		List<String> policy = new ArrayList<>(BASE);
		policy.addAll(Arrays.asList(directives));
		return new SecurityHeaders(String.join("; ", policy), ReferrerPolicy.NO_REFERRER);
	}

	/**
	 * These headers with another referrer policy.
	 * @param referrerPolicy the policy
	 * @return the headers
	 */
	public SecurityHeaders withReferrerPolicy(ReferrerPolicy referrerPolicy) {
		return new SecurityHeaders(this.contentSecurityPolicy, referrerPolicy);
	}

	/**
	 * Sets these headers on an answer written outside Spring Security's chain (a filter
	 * that refuses before it, a container error report): the content security policy, the
	 * referrer policy, no framing, no sniffing.
	 * @param response the answer
	 */
	public void writeTo(HttpServletResponse response) {
		response.setHeader("Content-Security-Policy", this.contentSecurityPolicy);
		response.setHeader("Referrer-Policy", this.referrerPolicy.getPolicy());
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("X-Content-Type-Options", "nosniff");
	}

	@Override
	public void customize(HeadersConfigurer<HttpSecurity> headers) {
		headers.contentSecurityPolicy((csp) -> csp.policyDirectives(this.contentSecurityPolicy))
			.referrerPolicy((referrer) -> referrer.policy(this.referrerPolicy))
			.frameOptions((frames) -> frames.deny());
	}

}
