package org.solidarityalerts.dispatch;

import jakarta.servlet.http.HttpServletResponse;
import org.solidarityalerts.service.SecurityHeaders;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Health and the error page are public; everything else does not exist (404: a
 * subscriber's link cut short is told there is no page at its address, not that something
 * went wrong). The subscribers' pages and APIs have chains of their own, ahead of this
 * one (see {@code subscription.SubscriptionSecurity}). The error page allows no script,
 * refuses framing and sends no referrer, like the subscribers' pages (a link it is shown
 * for may carry a token).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/health/**", "/error")
			.permitAll()
			.anyRequest()
			.denyAll())
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(
						(request, response, refused) -> response.sendError(HttpServletResponse.SC_NOT_FOUND))
				.accessDeniedHandler(
						(request, response, denied) -> response.sendError(HttpServletResponse.SC_NOT_FOUND)))
			.headers(SecurityHeaders.allowing("style-src 'self'"));
		return http.build();
	}

}
