package org.solidarityalerts.dispatch.operators;

import java.io.IOException;
import java.time.Duration;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.solidarityalerts.service.ClientNetworks;
import org.solidarityalerts.service.MongoBuckets;
import org.solidarityalerts.service.ProblemDetails;
import org.solidarityalerts.service.RetryAfter;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Slows guessing of the operator's password on the operators' endpoints, which share the
 * subscribers' public port: each client network (an IPv4 address, an IPv6 /64) may send
 * wrong credentials {@value #ATTEMPTS} times per quarter of an hour; after that its
 * requests that carry credentials get 429 with {@code Retry-After}, before the password
 * is checked (and before its hash is computed, which costs the server far more than the
 * request costs the client). Counted per network only: the one user name is no secret,
 * and counting it would let anyone lock the operator out. The buckets are kept in MongoDB
 * ({@value #COLLECTION}, under digests) for all dispatch instances together.
 */
@Component
class OperatorSignInThrottle {

	static final String COLLECTION = "operator_sign_in_throttle";

	static final int ATTEMPTS = 5;

	static final Duration LOCKOUT = Duration.ofMinutes(15);

	private final MongoBuckets buckets;

	private final BucketConfiguration configuration = BucketConfiguration.builder()
		.addLimit((limit) -> limit.capacity(ATTEMPTS).refillGreedy(ATTEMPTS, LOCKOUT))
		.build();

	OperatorSignInThrottle(MongoTemplate mongo) {
		this.buckets = new MongoBuckets(mongo, COLLECTION);
	}

	/**
	 * Counts wrong credentials sent from a client.
	 * @param request the request that carried them
	 */
	void failed(HttpServletRequest request) {
		bucket(request).tryConsume(1);
	}

	/**
	 * The filter that refuses credentials from a client that sent too many wrong ones.
	 * @return the filter, to go before the check of the credentials
	 */
	OncePerRequestFilter filter() {
		return new OncePerRequestFilter() {

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				long wait = (request.getHeader(HttpHeaders.AUTHORIZATION) != null) ? nanosToWait(request) : 0;
				if (wait <= 0) {
					chain.doFilter(request, response);
					return;
				}
				long seconds = RetryAfter.seconds(Duration.ofNanos(wait));
				response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
				ProblemDetails.write(response,
						ProblemDetails.of(HttpStatus.TOO_MANY_REQUESTS, "Too many wrong passwords",
								"Too many wrong passwords were sent from your network; try again in " + seconds
										+ " second(s)."));
			}

		};
	}

	private long nanosToWait(HttpServletRequest request) {
		String key = key(request);
		if (!this.buckets.exists(key, this.configuration)) {
			return 0;
		}
		Bucket bucket = this.buckets.bucket(key, this.configuration);
		return (bucket.getAvailableTokens() > 0) ? 0 : bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
	}

	private Bucket bucket(HttpServletRequest request) {
		return this.buckets.bucket(key(request), this.configuration);
	}

	private static String key(HttpServletRequest request) {
		return MongoBuckets.key("client", ClientNetworks.of(request.getRemoteAddr()));
	}

}
