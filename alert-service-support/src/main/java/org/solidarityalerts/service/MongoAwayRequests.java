package org.solidarityalerts.service;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

/**
 * A request that failed because MongoDB cannot be reached, in a handler or in a filter (a
 * key, a session's user looked up), is answered 503 with {@code Retry-After}, not 500: it
 * may succeed in a moment, and the person or client in front of it may be told so. The
 * service's error page answers it in its own style (the subscriber's language, the
 * console's or the dashboard's layout, a problem detail for the API). The log has one
 * warning naming the handler, not a stack trace per request (the health endpoint already
 * says MongoDB is down) and not the request's path, which may carry a subscriber's token.
 * Any other failure goes on to the container as before. A service imports it
 * ({@code @Import}); it wraps every other filter.
 */
@Component
public class MongoAwayRequests extends OncePerRequestFilter implements Ordered {

	/** How long a client is asked to wait while MongoDB cannot be reached. */
	public static final Duration RETRY_AFTER = Duration.ofSeconds(30);

	private static final Logger logger = LoggerFactory.getLogger(MongoAwayRequests.class);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | RuntimeException failure) {
			if (!MongoAway.in(failure) || response.isCommitted()) {
				throw failure;
			}
			logger.warn("A request to {} stopped, MongoDB cannot be reached ({}); answered 503", handler(request),
					Failures.classes(failure));
			retryAfter(response);
			response.sendError(HttpStatus.SERVICE_UNAVAILABLE.value());
		}
	}

	/**
	 * Asks the client to wait {@link #RETRY_AFTER}, unless it already has been.
	 * @param response the response
	 */
	public static void retryAfter(HttpServletResponse response) {
		if (!response.containsHeader(HttpHeaders.RETRY_AFTER)) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
		}
	}

	private static String handler(HttpServletRequest request) {
		Object handler = request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE);
		if (handler instanceof HandlerMethod method) {
			return method.getBeanType().getSimpleName() + "." + method.getMethod().getName();
		}
		return (handler != null) ? handler.getClass().getSimpleName() : "a filter, before its handler";
	}

	@Override
	public int getOrder() {
		// Around every other filter, Spring Security's too.
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

}
