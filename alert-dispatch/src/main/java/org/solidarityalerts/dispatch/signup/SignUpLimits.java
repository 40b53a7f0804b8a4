package org.solidarityalerts.dispatch.signup;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.commons.codec.digest.DigestUtils;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscription.SubscriptionProperties;

import org.springframework.stereotype.Component;

/**
 * Counts sign-ups per client IP address and e-mails per address in fixed windows, in
 * memory. Addresses are counted by their SHA-256, so no address is held here.
 */
@Component
class SignUpLimits {

	private final Window perClient;

	private final Window perAddress;

	SignUpLimits(SubscriptionProperties properties) {
		SubscriptionProperties.RateLimit limits = properties.rateLimit();
		this.perClient = new Window(limits.perClient(), limits.perClientWindow());
		this.perAddress = new Window(limits.perAddress(), limits.perAddressWindow());
	}

	/**
	 * Counts one sign-up from a client.
	 * @param client the client's IP address
	 * @return false if the client has used up its sign-ups for now
	 */
	boolean allowClient(String client) {
		return this.perClient.allow(client);
	}

	/**
	 * Counts one e-mail to an address.
	 * @param email the address
	 * @return false if that address has had enough e-mail from sign-ups for now
	 */
	boolean allowAddress(String email) {
		return this.perAddress.allow(DigestUtils.sha256Hex(Subscriber.keyOf(email)));
	}

	private static final class Window {

		private final int limit;

		private final Cache<String, AtomicInteger> counts;

		Window(int limit, Duration length) {
			this.limit = limit;
			this.counts = Caffeine.newBuilder().expireAfterWrite(length).maximumSize(100_000).build();
		}

		boolean allow(String key) {
			return this.counts.get(key, (ignored) -> new AtomicInteger()).incrementAndGet() <= this.limit;
		}

	}

}
