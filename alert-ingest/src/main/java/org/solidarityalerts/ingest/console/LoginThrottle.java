package org.solidarityalerts.ingest.console;

import java.time.Duration;

import io.github.bucket4j.BucketConfiguration;
import jakarta.servlet.http.HttpServletRequest;
import org.solidarityalerts.service.ClientNetworks;
import org.solidarityalerts.service.MongoBuckets;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Slows password and code guessing: each login name, each user's second factor and each
 * client network (an IPv4 address, an IPv6 /64) may fail {@code login-attempts} times per
 * {@code login-lockout}, then waits until its bucket refills. The buckets are Bucket4j's,
 * kept in MongoDB ({@value #COLLECTION}), so the limit holds for all ingest instances
 * together; they are keyed by digests, so no login name or address is stored, and MongoDB
 * forgets a bucket once it is full again. Checking costs a read per bucket, and one more
 * for a bucket that has failed lately (and one for a device cookie); only a failure
 * writes. A browser the organiser signed in from before counts its wrong passwords on its
 * own instead of against the name and network ({@link ConsoleDevices}), so guessing at an
 * organiser's name does not lock them out.
 */
@Component
class LoginThrottle {

	static final String COLLECTION = "login_throttle";

	private final MongoBuckets buckets;

	private final BucketConfiguration configuration;

	private final ConsoleDevices devices;

	LoginThrottle(MongoTemplate mongo, ConsoleProperties properties, ConsoleDevices devices) {
		this.buckets = new MongoBuckets(mongo, COLLECTION);
		this.devices = devices;
		int attempts = properties.loginAttempts();
		Duration lockout = properties.loginLockout();
		this.configuration = BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(attempts).refillGreedy(attempts, lockout))
			.build();
	}

	/**
	 * The key of a login name.
	 * @param name the name, normalised as the users' addresses are
	 * @return its key
	 */
	static String name(String name) {
		return MongoBuckets.key("name", name);
	}

	/**
	 * The key of a user's second factor.
	 * @param userId the user's id
	 * @return its key
	 */
	static String code(String userId) {
		return "code:" + userId;
	}

	/**
	 * The key of the network a client's address belongs to.
	 * @param address the client's address
	 * @return its key
	 */
	static String client(String address) {
		return MongoBuckets.key("client", ClientNetworks.of(address));
	}

	/**
	 * What a login's wrong password counts against: the browser alone if it has a device
	 * cookie for the name ({@link ConsoleDevices}), else the name and the client's
	 * network.
	 * @param request the login
	 * @param name the login name, normalised
	 * @return the keys
	 */
	String[] passwordKeys(HttpServletRequest request, String name) {
		return this.devices.known(request, name)
			.map((device) -> new String[] { device })
			.orElseGet(() -> new String[] { name(name), client(request.getRemoteAddr()) });
	}

	boolean blocked(String... keys) {
		for (String key : keys) {
			if (this.buckets.exists(key, this.configuration)
					&& this.buckets.bucket(key, this.configuration).getAvailableTokens() <= 0) {
				return true;
			}
		}
		return false;
	}

	void failed(String... keys) {
		for (String key : keys) {
			this.buckets.bucket(key, this.configuration).tryConsume(1);
		}
	}

}
