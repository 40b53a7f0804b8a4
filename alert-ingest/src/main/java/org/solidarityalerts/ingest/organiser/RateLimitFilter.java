package org.solidarityalerts.ingest.organiser;

import java.io.IOException;
import java.time.Duration;

import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.solidarityalerts.ingest.IngestProperties;
import org.solidarityalerts.service.RetryAfter;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits each API key to {@code alert.ingest.limits.requests-per-key} requests per
 * {@code rate-period} ({@link ApiRateLimits}, for all instances together). A request over
 * the limit gets 429 with {@code Retry-After} in seconds.
 */
class RateLimitFilter extends OncePerRequestFilter {

	private final IngestProperties.Limits limits;

	private final ApiRateLimits allowances;

	RateLimitFilter(IngestProperties.Limits limits, ApiRateLimits allowances) {
		this.limits = limits;
		this.allowances = allowances;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof Organiser caller)) {
			chain.doFilter(request, response);
			return;
		}
		ConsumptionProbe probe = this.allowances.take(caller.keyId());
		response.setHeader("RateLimit-Limit", Long.toString(this.limits.requestsPerKey()));
		response.setHeader("RateLimit-Remaining", Long.toString(probe.getRemainingTokens()));
		if (probe.isConsumed()) {
			chain.doFilter(request, response);
			return;
		}
		long retryAfter = RetryAfter.seconds(Duration.ofNanos(probe.getNanosToWaitForRefill()));
		response.setHeader("Retry-After", Long.toString(retryAfter));
		SecurityConfiguration.problem(response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
				"This API key may make " + this.limits.requestsPerKey() + " requests per "
						+ this.limits.ratePeriod().toSeconds() + " seconds; try again in " + retryAfter
						+ " second(s).");
	}

}
