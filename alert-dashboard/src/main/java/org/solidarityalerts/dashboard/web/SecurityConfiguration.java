package org.solidarityalerts.dashboard.web;

import org.solidarityalerts.dashboard.DashboardProperties;
import org.solidarityalerts.service.SecurityHeaders;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Operators and viewers log in with a form; passwords are configured as hashes with their
 * encoding id ({@code {bcrypt}...}). Viewers see everything; only operators may act, and
 * that is checked here, on the server, whatever the page shows. Sessions, CSRF
 * protection, a content security policy that allows no inline script or style, and a
 * throttle on wrong passwords ({@link LoginThrottle}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String OPERATOR = "OPERATOR";

	static final String VIEWER = "VIEWER";

	static final SecurityHeaders HEADERS = SecurityHeaders
		.allowing("script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
				"font-src 'self'", "form-action 'self'")
		.withReferrerPolicy(ReferrerPolicy.SAME_ORIGIN);

	@Bean
	SecurityFilterChain dashboard(HttpSecurity http, LoginThrottle throttle) throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/login", "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/error",
					"/actuator/health/**", "/actuator/prometheus")
			.permitAll()
			.requestMatchers(HttpMethod.POST, "/actions/**")
			.hasRole(OPERATOR)
			.requestMatchers("/actions/**")
			.denyAll()
			.anyRequest()
			.hasAnyRole(VIEWER, OPERATOR))
			.addFilterBefore(throttle.filter("/login"), UsernamePasswordAuthenticationFilter.class)
			.formLogin((form) -> form.loginPage("/login")
				.defaultSuccessUrl("/", true)
				.failureHandler((request, response, exception) -> {
					throttle.failed(request);
					response.sendRedirect(request.getContextPath() + "/login?error");
				})
				.permitAll())
			.logout((logout) -> logout.logoutSuccessUrl("/login?logout"))
			.headers(HEADERS);
		return http.build();
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	UserDetailsService dashboardUsers(DashboardProperties properties) {
		InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
		for (DashboardProperties.User user : properties.users()) {
			if (!user.password().startsWith("{")) {
				throw new IllegalStateException("The password of dashboard user " + user.name()
						+ " must be a hash with its encoding id, e.g. {bcrypt}$2a$...");
			}
			UserDetails details = User.withUsername(user.name())
				.password(user.password())
				.roles(user.role().name())
				.build();
			users.createUser(details);
		}
		return users;
	}

}
