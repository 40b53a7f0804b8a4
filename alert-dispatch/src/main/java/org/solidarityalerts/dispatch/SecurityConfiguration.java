package org.solidarityalerts.dispatch;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Subscribers' pages are public (each action is authorised by the signed token in its
 * link); health is public; everything else is refused.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain publicPages(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/subscribe/**", "/confirm/**", "/preferences/**", "/unsubscribe/**",
					"/actuator/health/**", "/error")
			.permitAll()
			.anyRequest()
			.denyAll());
		return http.build();
	}

}
