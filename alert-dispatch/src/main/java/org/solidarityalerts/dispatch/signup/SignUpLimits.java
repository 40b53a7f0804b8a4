package org.solidarityalerts.dispatch.signup;

import java.time.Duration;
import java.util.Optional;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscription.SubscriptionProperties;
import org.solidarityalerts.service.ClientNetworks;
import org.solidarityalerts.service.MongoBuckets;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Counts sign-ups per client network (an IPv4 address, an IPv6 /64) and e-mails per
 * address, in windows that start at the first one: Bucket4j buckets that refill all at
 * once when the window ends, kept in MongoDB ({@value #COLLECTION}) so that the limits
 * hold for all dispatch instances together, not for each. Buckets are keyed by digests,
 * so no address is stored, and MongoDB forgets a bucket once its window is over. Each
 * count is a read and a write.
 */
@Component
class SignUpLimits {

	static final String COLLECTION = "sign_up_limits";

	private final MongoBuckets buckets;

	private final BucketConfiguration perClient;

	private final BucketConfiguration perAddress;

	SignUpLimits(MongoTemplate mongo, SubscriptionProperties properties) {
		SubscriptionProperties.RateLimit limits = properties.rateLimit();
		this.buckets = new MongoBuckets(mongo, COLLECTION);
		this.perClient = window(limits.perClient(), limits.perClientWindow());
		this.perAddress = window(limits.perAddress(), limits.perAddressWindow());
	}

	private static BucketConfiguration window(int limit, Duration length) {
		return BucketConfiguration.builder()
			.addLimit((bandwidth) -> bandwidth.capacity(limit).refillIntervally(limit, length))
			.build();
	}

	/**
	 * Counts one sign-up from a client.
	 * @param client the client's IP address
	 * @return empty if it was counted, else how long until the client's network, which
	 * has used up its sign-ups, may sign up again
	 * @throws org.springframework.dao.DataAccessException if MongoDB cannot be reached
	 */
	Optional<Duration> allowClient(String client) {
		ConsumptionProbe probe = this.buckets
			.bucket(MongoBuckets.key("client", ClientNetworks.of(client)), this.perClient)
			.tryConsumeAndReturnRemaining(1);
		return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
	}

	/**
	 * Counts one e-mail to an address.
	 * @param email the address
	 * @return false if that address has had enough e-mail from sign-ups for now
	 * @throws org.springframework.dao.DataAccessException if MongoDB cannot be reached
	 */
	boolean allowAddress(String email) {
		return this.buckets.bucket(MongoBuckets.key("address", Subscriber.keyOf(email)), this.perAddress).tryConsume(1);
	}

}
