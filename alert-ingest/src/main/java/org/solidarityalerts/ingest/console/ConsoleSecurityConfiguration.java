package org.solidarityalerts.ingest.console;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.service.MongoAway;
import org.solidarityalerts.service.SecurityHeaders;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The console's own filter chain, apart from the API's keys: form login with a session
 * (its cookie Secure, HttpOnly and SameSite=Lax, set in {@code ingest.yml}), CSRF
 * protection on every form, throttled logins, and an optional second factor: a user who
 * has one holds, after their password, only an authority that opens the code page (and
 * one whose second factor an operator reset, only the account page). A disabled user's
 * login is refused and their session ends at its next request. The pages allow script and
 * style only from this service (htmx from its WebJar), no inline script, and are never
 * framed.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

	static final SecurityHeaders HEADERS = SecurityHeaders
		.allowing("script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
				"font-src 'self'", "form-action 'self'")
		.withReferrerPolicy(ReferrerPolicy.SAME_ORIGIN);

	static final String LOGIN = "/console/login";

	static final String CODE = "/console/login/code";

	static final String ACCOUNT = "/console/account";

	/**
	 * The console's style and script and the WebJars': open to anyone, and served without
	 * reading the session or the user, so that they load while MongoDB is away (the page
	 * saying so needs its style).
	 */
	static final String[] STATIC = { "/console/console.css", "/console/drafts.js", "/webjars/**" };

	/**
	 * Matches the {@link #STATIC} resources.
	 * @return the matcher
	 */
	static RequestMatcher staticResources() {
		return new OrRequestMatcher(
				Arrays.stream(STATIC).map((path) -> PathPatternRequestMatcher.withDefaults().matcher(path)).toList());
	}

	/**
	 * The session attribute holding when its user gave their password: a session begun
	 * before an operator disabled the user ends.
	 */
	static final String AUTHENTICATED_AT = ConsoleSecurityConfiguration.class.getName() + ".authenticatedAt";

	@Bean
	@Order(2)
	SecurityFilterChain console(HttpSecurity http, ConsoleUsers users, LoginThrottle throttle, ConsoleDevices devices,
			ConsoleAudit audit, Clock clock) throws Exception {
		DaoAuthenticationProvider passwords = new DaoAuthenticationProvider((username) -> users.byEmail(username)
			.map(ConsolePrincipal::new)
			.orElseThrow(() -> new UsernameNotFoundException("no such console user")));
		passwords.setPasswordEncoder(ConsoleUsers.PASSWORDS);
		http.securityMatcher("/console/**", "/webjars/**")
			.authenticationManager(new ProviderManager(new DatabaseAwayLogins(passwords)))
			.authorizeHttpRequests((requests) -> requests.requestMatchers(LOGIN, "/console/invitations/**")
				.permitAll()
				.requestMatchers(STATIC)
				.permitAll()
				.requestMatchers(CODE)
				.hasAuthority(ConsolePrincipal.PASSWORD_ONLY)
				.requestMatchers(ACCOUNT, ACCOUNT + "/second-factor/**")
				.hasAnyAuthority("ROLE_" + ConsolePrincipal.ROLE, ConsolePrincipal.ENROLMENT_REQUIRED)
				.anyRequest()
				.hasRole(ConsolePrincipal.ROLE))
			.formLogin((form) -> form.loginPage(LOGIN).successHandler((request, response, authentication) -> {
				ConsolePrincipal user = (ConsolePrincipal) authentication.getPrincipal();
				request.getSession().setAttribute(AUTHENTICATED_AT, clock.instant());
				devices.remember(username(request), request, response);
				if (user.secondFactor()) {
					response.sendRedirect(CODE);
				}
				else if (user.enrolmentRequired()) {
					response.sendRedirect(ACCOUNT);
				}
				else {
					users.signedIn(user.id());
					audit.record(user, "login", null, null);
					response.sendRedirect("/console/alerts");
				}
			}).failureHandler((request, response, exception) -> {
				if (MongoAway.in(exception)) {
					// Nothing was checked: not a wrong password, and not
					// counted as one. The error page says the database is away.
					throw exception;
				}
				String name = username(request);
				throttle.failed(throttle.passwordKeys(request, name));
				String reason = (exception instanceof DisabledException) ? "disabled user" : "wrong password";
				users.byEmail(name)
					.ifPresent(
							(user) -> audit.record(user.organisation(), user.email(), "login.refused", null, reason));
				response.sendRedirect(LOGIN + "?error");
			}))
			.logout((logout) -> logout.logoutUrl("/console/logout").logoutSuccessUrl(LOGIN + "?logout"))
			.addFilterBefore(new ThrottleFilter(throttle), UsernamePasswordAuthenticationFilter.class)
			.addFilterBefore(new ActiveUserFilter(users), AuthorizationFilter.class)
			.exceptionHandling((exceptions) -> exceptions.accessDeniedHandler((request, response, denied) -> {
				// The error page tells a form whose session ended from a role refused.
				request.setAttribute(WebAttributes.ACCESS_DENIED_403, denied);
				response.sendError(HttpServletResponse.SC_FORBIDDEN);
			}))
			.headers(HEADERS);
		return http.build();
	}

	static String username(HttpServletRequest request) {
		String name = request.getParameter("username");
		return (name != null) ? ConsoleUsers.normalise(name) : "";
	}

	/**
	 * A login while MongoDB cannot be reached fails as what it is, not as the internal
	 * error that Spring Security logs with a stack trace at every attempt: the failure
	 * handler passes it on, and the error page says the database is away (503).
	 */
	private record DatabaseAwayLogins(AuthenticationProvider passwords) implements AuthenticationProvider {

		@Override
		public @Nullable Authentication authenticate(Authentication authentication) {
			try {
				return this.passwords.authenticate(authentication);
			}
			catch (InternalAuthenticationServiceException ex) {
				if (MongoAway.in(ex)) {
					throw new AuthenticationServiceException("MongoDB cannot be reached", ex.getCause());
				}
				throw ex;
			}
		}

		@Override
		public boolean supports(Class<?> authentication) {
			return this.passwords.supports(authentication);
		}

	}

	/**
	 * Ends, at its next request, the session of a user an operator disabled (or removed),
	 * and any session begun before they were disabled: the user record is read on every
	 * request, so this holds whichever instance holds the session.
	 */
	private static final class ActiveUserFilter extends OncePerRequestFilter {

		private final ConsoleUsers users;

		private final RequestMatcher staticResources = staticResources();

		ActiveUserFilter(ConsoleUsers users) {
			this.users = users;
		}

		@Override
		protected boolean shouldNotFilter(HttpServletRequest request) {
			return this.staticResources.matches(request);
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			if (authentication != null && authentication.getPrincipal() instanceof ConsolePrincipal principal) {
				ConsoleUser user = this.users.byId(principal.id()).orElse(null);
				HttpSession session = request.getSession(false);
				Object at = (session != null) ? session.getAttribute(AUTHENTICATED_AT) : null;
				boolean ended = user == null || user.isDisabled() || (user.sessionsEndedAt() != null
						&& (!(at instanceof Instant begun) || begun.isBefore(user.sessionsEndedAt())));
				if (ended) {
					if (session != null) {
						session.invalidate();
					}
					SecurityContextHolder.clearContext();
					response.sendRedirect(LOGIN + "?ended");
					return;
				}
			}
			chain.doFilter(request, response);
		}

	}

	/**
	 * Refuses a login attempt, before its password is checked, from a name or an address
	 * that failed too often lately.
	 */
	private static final class ThrottleFilter extends OncePerRequestFilter {

		private final LoginThrottle throttle;

		ThrottleFilter(LoginThrottle throttle) {
			this.throttle = throttle;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			if ("POST".equals(request.getMethod().toUpperCase(Locale.ROOT)) && LOGIN.equals(request.getRequestURI())
					&& this.throttle.blocked(this.throttle.passwordKeys(request, username(request)))) {
				response.sendRedirect(LOGIN + "?throttled");
				return;
			}
			chain.doFilter(request, response);
		}

	}

}
