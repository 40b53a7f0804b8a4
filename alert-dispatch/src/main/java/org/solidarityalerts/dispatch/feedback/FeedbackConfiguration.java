package org.solidarityalerts.dispatch.feedback;

import software.amazon.awssdk.http.SdkHttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The providers' webhooks need no login and carry no CSRF token: each request is
 * authorised by the provider's signature, checked by its controller, and a request
 * without a valid one changes nothing.
 */
@Configuration(proxyBeanMethods = false)
class FeedbackConfiguration {

	@Bean
	@Order(5)
	SecurityFilterChain webhookSecurity(HttpSecurity http) throws Exception {
		http.securityMatcher("/webhooks/**")
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		return http.build();
	}

	/**
	 * Fetches Amazon SNS's signing certificates and confirms subscriptions.
	 * @return the client
	 */
	@Bean(destroyMethod = "close")
	SdkHttpClient snsCertificateClient() {
		return new JdkSdkHttpClient();
	}

}
