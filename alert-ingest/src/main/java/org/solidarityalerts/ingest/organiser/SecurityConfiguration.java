package org.solidarityalerts.ingest.organiser;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.ingest.IngestProperties;
import org.solidarityalerts.service.ProblemDetails;
import org.solidarityalerts.service.SecurityHeaders;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The API is stateless: every request carries its key, so there are no sessions and no
 * cookies to forge (no CSRF). Refusals are RFC 9457 problem details. Every answer refuses
 * framing and sends no referrer; the API's answers allow no content at all, and the
 * browsable description (Swagger UI) only its own scripts, styles and images, and inline
 * styles, which Swagger UI applies (never inline script).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final SecurityHeaders API_HEADERS = SecurityHeaders.allowing("form-action 'none'");

	static final SecurityHeaders PAGES_HEADERS = SecurityHeaders.allowing("script-src 'self'",
			"style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "connect-src 'self'", "font-src 'self'",
			"form-action 'self'");

	static final SecurityHeaders ARCHIVE_HEADERS = SecurityHeaders.allowing("style-src 'self'", "img-src 'self'",
			"form-action 'none'");

	/**
	 * The campaigns' public archive pages and Atom feeds: anyone may read them, without a
	 * key, and nobody may do anything else there. Their pages run no script at all, and
	 * style only from this service's stylesheet.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain publicArchive(HttpSecurity http) throws Exception {
		AuthenticationEntryPoint notFound = (request, response, ex) -> problem(response, HttpStatus.NOT_FOUND,
				"Not Found", "There is nothing at this address.");
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
				.accessDeniedHandler((request, response, ex) -> problem(response, HttpStatus.METHOD_NOT_ALLOWED,
						"Method Not Allowed", "The public archive is read-only.")))
			.headers(ARCHIVE_HEADERS);
		return http.build();
	}

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys apiKeys, IngestProperties properties,
			ApiRateLimits allowances) throws Exception {
		AuthenticationEntryPoint entryPoint = (request, response, ex) -> problem(response, HttpStatus.UNAUTHORIZED,
				"Authentication required", (ex.getMessage() != null && ex.getMessage().startsWith("The API key"))
						? ex.getMessage() : "Send your organisation's API key as 'Authorization: Bearer <key>'.");
		AccessDeniedHandler accessDenied = (request, response, ex) -> problem(response, HttpStatus.FORBIDDEN,
				"Not allowed", "Your key's role may not do this.");
		http.securityMatcher("/api/**")
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/api/v1/admin/**")
				.hasRole(Role.OPERATOR.name())
				.anyRequest()
				.hasAnyRole(Role.ORGANISER.name(), Role.OPERATOR.name()))
			.addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys, entryPoint), AnonymousAuthenticationFilter.class)
			.addFilterAfter(new RateLimitFilter(properties.limits(), allowances), AnonymousAuthenticationFilter.class)
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied))
			.headers(API_HEADERS);
		return http.build();
	}

	/**
	 * The description, health and the error page for everyone; anything else outside the
	 * API does not exist (404, as a problem detail). Stateless too: no answer, not even
	 * an error, creates a session or sets a cookie.
	 */
	@Bean
	SecurityFilterChain publicEndpoints(HttpSecurity http) throws Exception {
		AuthenticationEntryPoint notFound = (request, response, ex) -> problem(response, HttpStatus.NOT_FOUND,
				"Not Found", "There is nothing at this address. The API is under /api/v1.");
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
			.headers(PAGES_HEADERS);
		return http.build();
	}

	/**
	 * A request the firewall refuses (an encoded slash or dot segment, a semicolon, a
	 * control character in the path or in a parameter's name) is a 400, which the error
	 * page answers as a problem detail, not a server error. One such request is common
	 * and innocent: JSON posted to the API without a {@code Content-Type}, which clients
	 * such as {@code curl --data} send as a form, whose parameter name then holds the
	 * JSON's line breaks. It is answered as any form posted to the API is, with 415 and
	 * what to send instead.
	 */
	@Bean
	RequestRejectedHandler requestRejectedHandler() {
		RequestRejectedHandler badRequest = new HttpStatusRequestRejectedHandler();
		RequestRejectedHandler unsupported = new HttpStatusRequestRejectedHandler(
				HttpStatus.UNSUPPORTED_MEDIA_TYPE.value());
		return (request, response, ex) -> {
			boolean formToApi = request.getRequestURI().startsWith("/api/")
					&& MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(contentType(request));
			((formToApi) ? unsupported : badRequest).handle(request, response, ex);
		};
	}

	private static @Nullable MediaType contentType(HttpServletRequest request) {
		try {
			return (request.getContentType() != null) ? MediaType.parseMediaType(request.getContentType()) : null;
		}
		catch (InvalidMediaTypeException ex) {
			return null;
		}
	}

	static void problem(HttpServletResponse response, HttpStatus status, String title, String detail)
			throws IOException {
		if (status == HttpStatus.UNAUTHORIZED) {
			response.setHeader("WWW-Authenticate", "Bearer");
		}
		ProblemDetails.write(response, ProblemDetails.of(status, title, detail));
	}

}
