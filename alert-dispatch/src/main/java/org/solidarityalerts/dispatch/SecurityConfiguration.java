package org.solidarityalerts.dispatch;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

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
			.denyAll())
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp
					.policyDirectives("default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'"))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER))
				.frameOptions((frames) -> frames.deny()));
		return http.build();
	}

}
