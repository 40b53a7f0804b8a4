package org.solidarityalerts.dispatch;

import org.solidarityalerts.service.SecurityHeaders;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Health and the error page are public; everything else is refused. The subscribers'
 * pages and APIs have chains of their own, ahead of this one (see
 * {@code subscription.SubscriptionSecurity}). The error page allows no script, refuses
 * framing and sends no referrer, like the subscribers' pages (a link it is shown for may
 * carry a token).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/health/**", "/error")
			.permitAll()
			.anyRequest()
			.denyAll()).headers(SecurityHeaders.allowing("style-src 'self'"));
		return http.build();
	}

}
