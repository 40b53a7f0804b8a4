package org.solidarityalerts.dashboard.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bucket;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.solidarityalerts.service.ClientNetworks;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Slows password guessing at the login form: each client network (an IPv4 address, an
 * IPv6 /64) may send a wrong password {@value #ATTEMPTS} times per quarter of an hour;
 * after that the form is refused before the password is checked, until the network's
 * bucket (Bucket4j) refills. Counted per network only: the users' names are few and no
 * secret, and counting them would let anyone lock the operators out. Kept in memory: the
 * dashboard runs as one instance, and its login must not depend on MongoDB, whose outage
 * is one of the things operators log in to watch. The map is emptied if it ever grows
 * past {@value #MAX_KEYS} networks, so a flood cannot exhaust memory.
 */
@Component
class LoginThrottle {

	static final int ATTEMPTS = 5;

	static final Duration LOCKOUT = Duration.ofMinutes(15);

	static final int MAX_KEYS = 100_000;

	private final Map<String, Bucket> failures = new ConcurrentHashMap<>();

	/**
	 * Counts a wrong password sent from a client.
	 * @param request the login form's request
	 */
	void failed(HttpServletRequest request) {
		if (this.failures.size() > MAX_KEYS) {
			this.failures.clear();
		}
		this.failures
			.computeIfAbsent(ClientNetworks.of(request.getRemoteAddr()),
					(network) -> Bucket.builder()
						.addLimit((limit) -> limit.capacity(ATTEMPTS).refillGreedy(ATTEMPTS, LOCKOUT))
						.build())
			.tryConsume(1);
	}

	private boolean blocked(HttpServletRequest request) {
		Bucket bucket = this.failures.get(ClientNetworks.of(request.getRemoteAddr()));
		return bucket != null && bucket.getAvailableTokens() <= 0;
	}

	/**
	 * The filter that sends a login from a network that guessed too often back to the
	 * login page, which says to wait.
	 * @param loginPage the login page's path
	 * @return the filter, to go before the password is checked
	 */
	OncePerRequestFilter filter(String loginPage) {
		return new OncePerRequestFilter() {

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				if ("POST".equalsIgnoreCase(request.getMethod())
						&& (request.getContextPath() + loginPage).equals(request.getRequestURI()) && blocked(request)) {
					response.sendRedirect(request.getContextPath() + loginPage + "?throttled");
					return;
				}
				chain.doFilter(request, response);
			}

		};
	}

}
