package org.solidarityalerts.ingest.organiser;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletResponse;
import org.solidarityalerts.ingest.IngestProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The API is stateless: every request carries its key, so there are no sessions and no
 * cookies to forge (no CSRF). Refusals are RFC 9457 problem details. Every answer refuses
 * framing and sends no referrer; the API's answers allow no content at all, and the
 * browsable description (Swagger UI) only its own scripts, styles and images, and inline
 * styles, which Swagger UI applies (never inline script).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
			+ "form-action 'none'";

	static final String PAGES_CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; "
			+ "img-src 'self' data:; connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
			+ "form-action 'self'";

	static final String ARCHIVE_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; "
			+ "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

	/**
	 * The campaigns' public archive pages and Atom feeds: anyone may read them, without a
	 * key, and nobody may do anything else there. Their pages run no script at all, and
	 * style only from this service's stylesheet.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain publicArchive(HttpSecurity http, JsonMapper jsonMapper) throws Exception {
		AuthenticationEntryPoint notFound = (request, response, ex) -> problem(response, jsonMapper,
				HttpStatus.NOT_FOUND, "Not Found", "There is nothing at this address.");
		http.securityMatcher("/public/**")
			.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.GET, "/public/**")
				.permitAll()
				.requestMatchers(HttpMethod.HEAD, "/public/**")
				.permitAll()
				.anyRequest()
				.denyAll())
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(notFound)
				.accessDeniedHandler((request, response, ex) -> problem(response, jsonMapper,
						HttpStatus.METHOD_NOT_ALLOWED, "Method Not Allowed", "The public archive is read-only.")))
			.headers((headers) -> headers(headers, ARCHIVE_CONTENT_SECURITY_POLICY));
		return http.build();
	}

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys apiKeys, JsonMapper jsonMapper,
			IngestProperties properties) throws Exception {
		AuthenticationEntryPoint entryPoint = (request, response, ex) -> problem(response, jsonMapper,
				HttpStatus.UNAUTHORIZED, "Authentication required",
				(ex.getMessage() != null && ex.getMessage().startsWith("The API key")) ? ex.getMessage()
						: "Send your organisation's API key as 'Authorization: Bearer <key>'.");
		AccessDeniedHandler accessDenied = (request, response, ex) -> problem(response, jsonMapper,
				HttpStatus.FORBIDDEN, "Not allowed", "Your key's role may not do this.");
		http.securityMatcher("/api/**")
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/api/v1/admin/**")
				.hasRole(Role.OPERATOR.name())
				.anyRequest()
				.hasAnyRole(Role.ORGANISER.name(), Role.OPERATOR.name()))
			.addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys, entryPoint), AnonymousAuthenticationFilter.class)
			.addFilterAfter(new RateLimitFilter(properties.limits(), jsonMapper), AnonymousAuthenticationFilter.class)
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied))
			.headers((headers) -> headers(headers, API_CONTENT_SECURITY_POLICY));
		return http.build();
	}

	/**
	 * The description, health and the error page for everyone; anything else outside the
	 * API does not exist (404, as a problem detail). Stateless too: no answer, not even
	 * an error, creates a session or sets a cookie.
	 */
	@Bean
	SecurityFilterChain publicEndpoints(HttpSecurity http, JsonMapper jsonMapper) throws Exception {
		AuthenticationEntryPoint notFound = (request, response, ex) -> problem(response, jsonMapper,
				HttpStatus.NOT_FOUND, "Not Found", "There is nothing at this address. The API is under /api/v1.");
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/actuator/health/**", "/actuator/info", "/v3/api-docs", "/v3/api-docs/**",
					"/v3/api-docs.yaml", "/swagger-ui/**", "/swagger-ui.html", "/error")
			.permitAll()
			.anyRequest()
			.denyAll())
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(notFound)
				.accessDeniedHandler((request, response, ex) -> notFound.commence(request, response, null)))
			.headers((headers) -> headers(headers, PAGES_CONTENT_SECURITY_POLICY));
		return http.build();
	}

	/**
	 * A request the firewall refuses (an encoded slash or dot segment, a semicolon, a
	 * control character in the path) is a 400, which the error page answers as a problem
	 * detail, not a server error.
	 */
	@Bean
	RequestRejectedHandler requestRejectedHandler() {
		return new HttpStatusRequestRejectedHandler();
	}

	private static void headers(HeadersConfigurer<HttpSecurity> headers, String contentSecurityPolicy) {
		headers.contentSecurityPolicy((csp) -> csp.policyDirectives(contentSecurityPolicy))
			.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER))
			.frameOptions((frames) -> frames.deny());
	}

	static void problem(HttpServletResponse response, JsonMapper jsonMapper, HttpStatus status, String title,
			String detail) throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		problem.setType(URI.create("about:blank"));
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		if (status == HttpStatus.UNAUTHORIZED) {
			response.setHeader("WWW-Authenticate", "Bearer");
		}
		jsonMapper.writeValue(response.getOutputStream(), problem);
	}

}
