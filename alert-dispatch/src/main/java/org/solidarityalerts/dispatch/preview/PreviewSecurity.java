package org.solidarityalerts.dispatch.preview;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.solidarityalerts.service.ProblemDetails;
import org.solidarityalerts.service.RequestSizeLimit;
import org.solidarityalerts.service.SecurityHeaders;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may reach the internal preview API: ingest, with the service token
 * {@code alert.dispatch.preview.token} as a bearer token, stateless. Without the token
 * configured nobody may. Anyone else gets 401 as problem details.
 */
@Configuration(proxyBeanMethods = false)
class PreviewSecurity {

	/** The largest preview request: an alert of ingest's largest and a reader. */
	static final DataSize MAX_REQUEST = DataSize.ofKilobytes(512);

	@Bean
	@Order(5)
	SecurityFilterChain previewApiSecurity(HttpSecurity http, PreviewProperties properties) throws Exception {
		AuthenticationEntryPoint entryPoint = (request, response, ex) -> {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"alert-dispatch previews\"");
			ProblemDetails.write(response, ProblemDetails.of(HttpStatus.UNAUTHORIZED, "Authentication required",
					"Present the preview service token as a bearer token."));
		};
		http.securityMatcher("/internal/**")
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.headers(SecurityHeaders.allowing())
			.addFilterBefore(new ServiceTokenFilter(properties.token()), AnonymousAuthenticationFilter.class)
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint))
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasAuthority(ServiceTokenFilter.AUTHORITY));
		return http.build();
	}

	/**
	 * Refuses an oversize preview request before anything reads it.
	 */
	@Bean
	FilterRegistrationBean<RequestSizeLimit> previewRequestSizeLimit() {
		FilterRegistrationBean<RequestSizeLimit> registration = new FilterRegistrationBean<>(
				RequestSizeLimit.counting(MAX_REQUEST, (request, response, status, limit) -> ProblemDetails
					.write(response, ProblemDetails.of(status, "Too large", "A preview request is at most " + limit))));
		registration.addUrlPatterns("/internal/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/**
	 * Authenticates the caller that presents the service token; compares in constant
	 * time.
	 */
	static final class ServiceTokenFilter extends OncePerRequestFilter {

		static final String AUTHORITY = "PREVIEW_CLIENT";

		private static final String BEARER = "Bearer ";

		private final byte[] token;

		ServiceTokenFilter(String token) {
			this.token = (token != null && !token.isBlank()) ? token.getBytes(StandardCharsets.UTF_8) : new byte[0];
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String header = request.getHeader(HttpHeaders.AUTHORIZATION);
			if (this.token.length > 0 && header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
					&& MessageDigest.isEqual(this.token,
							header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8))) {
				SecurityContextHolder.getContext()
					.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("ingest", null,
							List.of(new SimpleGrantedAuthority(AUTHORITY))));
			}
			chain.doFilter(request, response);
		}

	}

}
