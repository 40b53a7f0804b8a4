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
 * What the services log and answer when a request fails, in a handler or in a filter (a
 * key, a session's user looked up), as {@link ScheduledTaskErrors} does for scheduled
 * tasks. A failure because MongoDB cannot be reached is answered 503 with
 * {@code Retry-After}, not 500: it may succeed in a moment, and the person or client in
 * front of it may be told so; the log has one warning naming the handler, not a stack
 * trace per request (the health endpoint already says MongoDB is down). Any other failure
 * is a 500 and an {@code ERROR} naming its classes, cause by cause, and where it was
 * thrown, but not its messages, which may quote an address (a duplicate key, a refused
 * recipient), as the servlet container's own log line would. Neither names the request's
 * path, which may carry a subscriber's token. The service's error page answers in its own
 * style (the subscriber's language, the console's or the dashboard's layout, a problem
 * detail for the API). A service imports it ({@code @Import}); it wraps every other
 * filter.
 */
@Component
public class RequestErrors extends OncePerRequestFilter implements Ordered {

	/** How long a client is asked to wait while MongoDB cannot be reached. */
	public static final Duration RETRY_AFTER = Duration.ofSeconds(30);

	private static final Logger logger = LoggerFactory.getLogger(RequestErrors.class);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | RuntimeException failure) {
			if (response.isCommitted()) {
				throw failure;
			}
			if (MongoAway.in(failure)) {
				logger.warn("A request to {} stopped, MongoDB cannot be reached ({}); answered 503", handler(request),
						Failures.classes(failure));
				retryAfter(response);
				response.sendError(HttpStatus.SERVICE_UNAVAILABLE.value());
				return;
			}
			logger.error("A request to {} failed; answered 500: {}", handler(request),
					Failures.withoutMessages(unwrapped(failure)));
			response.sendError(HttpStatus.INTERNAL_SERVER_ERROR.value());
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

	/**
	 * The handler's failure without the servlet's wrapper, whose frames say only that the
	 * dispatcher passed it on.
	 */
	private static Throwable unwrapped(Exception failure) {
		return (failure instanceof ServletException wrapper && wrapper.getCause() != null) ? wrapper.getCause()
				: failure;
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
