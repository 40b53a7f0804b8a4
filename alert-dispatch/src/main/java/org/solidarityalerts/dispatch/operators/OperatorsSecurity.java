package org.solidarityalerts.dispatch.operators;

import org.solidarityalerts.dispatch.subscription.SubscriptionProperties;
import org.solidarityalerts.service.ProblemDetails;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Who may reach the operators' endpoints: the CSV import and the embassy directory are
 * for the {@code operator} user, by HTTP basic, stateless; a network that sent wrong
 * credentials too often is refused for a while ({@link OperatorSignInThrottle}). This
 * chain comes first.
 */
@Configuration(proxyBeanMethods = false)
class OperatorsSecurity {

	@Bean
	@Order(1)
	SecurityFilterChain listImportSecurity(HttpSecurity http, OperatorSignInThrottle throttle) throws Exception {
		AuthenticationEntryPoint entryPoint = (request, response, ex) -> {
			if (!(ex instanceof InsufficientAuthenticationException)) {
				// Credentials were sent, and they were wrong.
				throttle.failed(request);
			}
			response.setHeader("WWW-Authenticate", "Basic realm=\"list import\", charset=\"UTF-8\"");
			ProblemDetails.write(response, ProblemDetails.of(HttpStatus.UNAUTHORIZED, "Authentication required",
					"Sign in as the operator with HTTP basic authentication."));
		};
		http.securityMatcher("/api/v1/imports/**", "/api/v1/embassies/**")
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.addFilterBefore(throttle.filter(), BasicAuthenticationFilter.class)
			.httpBasic((basic) -> basic.authenticationEntryPoint(entryPoint))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler((request, response, ex) -> ProblemDetails.write(response,
						ProblemDetails.of(HttpStatus.FORBIDDEN, "Not allowed",
								"Only the operator may import lists and manage the embassy directory."))))
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasRole("OPERATOR"));
		return http.build();
	}

	/**
	 * The operator who may import lists, if a password is configured; else nobody.
	 */
	@Bean
	UserDetailsService operators(SubscriptionProperties properties) {
		String password = properties.listImport().operatorPassword();
		if (password == null || password.isBlank()) {
			return new InMemoryUserDetailsManager();
		}
		return new InMemoryUserDetailsManager(
				User.withUsername("operator").password(password).roles("OPERATOR").build());
	}

}
