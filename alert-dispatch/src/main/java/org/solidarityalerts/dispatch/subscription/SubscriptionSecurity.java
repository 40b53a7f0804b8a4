package org.solidarityalerts.dispatch.subscription;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.solidarityalerts.dispatch.web.BarePage;
import org.solidarityalerts.service.ProblemDetails;
import org.solidarityalerts.service.RequestSizeLimit;
import org.solidarityalerts.service.StrictUtf8Filter;
import org.solidarityalerts.service.SecurityHeaders;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Who may reach the subscribers' pages and the sign-up API (the operators' endpoints have
 * their own chain, first in order).
 * <ul>
 * <li>The sign-up API is public and stateless, without CSRF tokens: it accepts only JSON,
 * and browsers on other sites reach it only through CORS from the configured
 * origins.</li>
 * <li>Unsubscribe is public, stateless and without CSRF tokens, as RFC 8058 requires: the
 * signed token in the link is the authority.</li>
 * <li>"I did this" ({@code /acted/**}) is public, stateless and without CSRF tokens in
 * the same way: its page only asks, and its button's POST can report only what the signed
 * token's reader could, once.</li>
 * <li>The other pages are public, each action authorised by the signed token in its link,
 * and every form carries a CSRF token. A form sent with a missing or expired token (the
 * page was left open for hours, cookies were cleared) gets a page in the site's own
 * layout that says so and leads back to the form, with status 403.</li>
 * </ul>
 * Every page has a content security policy that allows no script at all, and sends no
 * referrer, so that links with tokens do not leak.
 */
@Configuration(proxyBeanMethods = false)
class SubscriptionSecurity {

	static final SecurityHeaders PAGE_HEADERS = SecurityHeaders.allowing("style-src 'self'", "img-src 'self'",
			"form-action 'self'");

	@Bean
	@Order(2)
	SecurityFilterChain subscriptionApiSecurity(HttpSecurity http, SubscriptionProperties properties) throws Exception {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(properties.allowedOrigins());
		cors.setAllowedMethods(List.of("POST"));
		cors.setAllowedHeaders(List.of("Content-Type"));
		cors.setAllowCredentials(false);
		UrlBasedCorsConfigurationSource corsSource = new UrlBasedCorsConfigurationSource();
		corsSource.registerCorsConfiguration("/api/v1/subscriptions", cors);
		http.securityMatcher("/api/v1/subscriptions/**")
			.csrf((csrf) -> csrf.disable())
			.cors((configurer) -> configurer.configurationSource(corsSource))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		return http.build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain unsubscribeSecurity(HttpSecurity http) throws Exception {
		http.securityMatcher("/unsubscribe/**", "/acted/**")
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.headers(PAGE_HEADERS)
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		return http.build();
	}

	@Bean
	@Order(4)
	SecurityFilterChain subscriptionPagesSecurity(HttpSecurity http) throws Exception {
		AccessDeniedHandlerImpl formExpired = new AccessDeniedHandlerImpl();
		formExpired.setErrorPage(FormExpiredPage.FORM_EXPIRED);
		http.securityMatcher("/subscribe/**", "/confirm/**", "/preferences/**", "/assets/**")
			.requestCache((cache) -> cache.disable())
			.exceptionHandling((exceptions) -> exceptions.accessDeniedHandler(formExpired))
			.headers(PAGE_HEADERS)
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		return http.build();
	}

	/**
	 * Refuses oversize sign-up and preferences requests before anything reads them: 413,
	 * as a page for people and as problem details for the API. A request that does not
	 * say its length is refused with 411, as browsers always say it.
	 */
	@Bean
	FilterRegistrationBean<RequestSizeLimit> subscriptionRequestSizeLimit(SubscriptionProperties properties,
			MessageSource messages) {
		FilterRegistrationBean<RequestSizeLimit> registration = new FilterRegistrationBean<>(
				RequestSizeLimit.lengthRequired(properties.maxFormSize(),
						(request, response, status, limit) -> refuseUnread(messages, request, response, status)));
		registration.addUrlPatterns("/subscribe", "/subscribe/*", "/confirm/*", "/preferences/*", "/acted/*",
				"/api/v1/subscriptions", "/api/v1/subscriptions/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/**
	 * Reads the sign-up API's bodies as strict UTF-8: an overlong form or an encoded
	 * surrogate is refused, never decoded into something else.
	 * @return the filter's registration
	 */
	@Bean
	FilterRegistrationBean<StrictUtf8Filter> subscriptionStrictUtf8() {
		FilterRegistrationBean<StrictUtf8Filter> registration = new FilterRegistrationBean<>(new StrictUtf8Filter());
		registration.addUrlPatterns("/api/v1/subscriptions", "/api/v1/subscriptions/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
		return registration;
	}

	/**
	 * The API gets problem details in English; a person gets a page in their language,
	 * known without reading the body.
	 */
	private static void refuseUnread(MessageSource messages, HttpServletRequest request, HttpServletResponse response,
			HttpStatus status) throws IOException {
		boolean tooLarge = status == HttpStatus.CONTENT_TOO_LARGE;
		String key = tooLarge ? "refused.tooLarge" : "refused.lengthRequired";
		BarePage.refuse(messages, request, response, PAGE_HEADERS,
				ProblemDetails.of(status, messages.getMessage(key + ".title", null, Locale.ENGLISH),
						messages.getMessage(key + ".detail", null, Locale.ENGLISH)),
				key + ".title", key + ".detail", false);
	}

}
