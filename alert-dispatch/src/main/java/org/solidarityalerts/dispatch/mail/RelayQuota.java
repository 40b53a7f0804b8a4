package org.solidarityalerts.dispatch.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.event.ConnectionAdapter;
import jakarta.mail.event.ConnectionEvent;
import jakarta.mail.event.TransportAdapter;
import jakarta.mail.event.TransportEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.service.MongoBuckets;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.dao.DataAccessException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The SMTP relay's quotas held by all dispatch instances together, coordinated through
 * MongoDB: messages per second ({@code alert.dispatch.smtp.shared-max-per-second}) as one
 * Bucket4j token bucket kept in MongoDB ({@link MongoBuckets}), and connections open at
 * once ({@code shared-max-connections}) as leased slots ({@link ConnectionLeases}). A
 * provider counts its quota per account, not per instance: local limits alone let three
 * instances send three times the quota. Either quota at 0 costs no MongoDB round trip.
 * <p>
 * A connection's slot is given back when the connection closes, whatever closes it (it
 * listens for the close); while it is open, a heartbeat renews its lease every third of
 * the lease. A connection that lies idle in this instance's pool for a third of the lease
 * is closed, so an idle instance does not keep other instances' messages waiting.
 */
@Component
public class RelayQuota implements DisposableBean {

	/** The relay's message bucket. */
	static final String COLLECTION = "relay_quota";

	/**
	 * The detail of a message not attempted because the shared quota could not be read.
	 */
	static final String UNREADABLE = "not attempted: the relay's shared quota could not be read";

	private static final Logger logger = LoggerFactory.getLogger(RelayQuota.class);

	private static final Duration FIRST_BACKOFF = Duration.ofMillis(10);

	private static final Duration MAX_BACKOFF = Duration.ofMillis(500);

	private final Clock clock;

	private final @Nullable Bucket rate;

	private final @Nullable ConnectionLeases leases;

	private final Duration lease;

	private final Map<String, Held> held = new ConcurrentHashMap<>();

	private final @Nullable ScheduledExecutorService heartbeat;

	/**
	 * No shared quota: every call is answered without MongoDB.
	 * @return a quota that never waits
	 */
	static RelayQuota unshared() {
		return new RelayQuota(Clock.systemUTC(), null, null, Duration.ofSeconds(30));
	}

	@Autowired
	RelayQuota(DispatchProperties properties, MailProperties mail, MongoTemplate mongo, Clock clock) {
		this(clock, rate(properties.smtp(), relay(mail), mongo), leases(properties.smtp(), relay(mail), mongo, clock),
				properties.smtp().lease());
		if (this.rate != null || this.leases != null) {
			logger.info(
					"The SMTP relay's quota is shared with other dispatch instances through MongoDB: "
							+ "{} messages per second, {} connections (0: not shared)",
					properties.smtp().sharedMaxPerSecond(), properties.smtp().sharedMaxConnections());
		}
	}

	private RelayQuota(Clock clock, @Nullable Bucket rate, @Nullable ConnectionLeases leases, Duration lease) {
		this.clock = clock;
		this.rate = rate;
		this.leases = leases;
		this.lease = lease;
		if (leases != null) {
			this.heartbeat = Executors
				.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("relay-quota-heartbeat").factory());
			long every = Math.max(1, lease.toMillis() / 3);
			this.heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
		}
		else {
			this.heartbeat = null;
		}
	}

	private static String relay(MailProperties mail) {
		return mail.getHost() + ":" + ((mail.getPort() != null) ? mail.getPort() : 25);
	}

	private static @Nullable Bucket rate(DispatchProperties.Smtp smtp, String relay, MongoTemplate mongo) {
		int perSecond = smtp.sharedMaxPerSecond();
		if (perSecond <= 0) {
			return null;
		}
		// The same shape as the local limit: a burst of a tenth of a second's worth, so
		// no second-long window sees more than 1.1 times the quota. The quota is part of
		// the key, so changing it starts a new bucket rather than keeping the old one.
		BucketConfiguration configuration = BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(Math.max(1, perSecond / 10))
				.refillGreedy(perSecond, Duration.ofSeconds(1)))
			.build();
		return new MongoBuckets(mongo, COLLECTION).builder()
			.withOptimization(Optimizations.batching())
			.build(relay + "/rate-" + perSecond, () -> configuration);
	}

	private static @Nullable ConnectionLeases leases(DispatchProperties.Smtp smtp, String relay, MongoTemplate mongo,
			Clock clock) {
		return (smtp.sharedMaxConnections() > 0)
				? new ConnectionLeases(mongo, clock, relay, smtp.sharedMaxConnections(), smtp.lease()) : null;
	}

	/**
	 * Waits until the relay's shared quota allows one more message: a read and a
	 * compare-and-swap in MongoDB (one of each for several messages when this instance's
	 * threads ask at once); a thread that must wait sleeps without asking again.
	 * @return {@code false} if the quota could not be read, so the message must not be
	 * sent now; never throws, as the message is already marked as being sent
	 */
	boolean take() {
		if (this.rate == null) {
			return true;
		}
		try {
			this.rate.asBlocking().consumeUninterruptibly(1);
			return true;
		}
		catch (RuntimeException ex) {
			// MongoDB unreachable (a DataAccessException, possibly wrapped by Bucket4j).
			logger.warn("Cannot read the relay's shared quota: {}", ex.toString());
			return false;
		}
	}

	/**
	 * Waits for a connection slot before a new connection is opened, or for one of this
	 * instance's connections to come back to its pool meanwhile, polling with a backoff
	 * (at most half a second), for at most two leases: by then an instance that died has
	 * lost its slots, and an idle one has closed its idle connections.
	 * @param idle this instance's idle connections
	 * @return the slot, or the idle connection, or neither if none came in time
	 */
	Slot slot(BlockingDeque<Transport> idle) {
		if (this.leases == null) {
			return new Slot(null, null, true);
		}
		Instant deadline = this.clock.instant().plus(this.lease.multipliedBy(2));
		Duration backoff = FIRST_BACKOFF;
		try {
			while (true) {
				String token = this.leases.take();
				if (token != null) {
					return new Slot(null, token, true);
				}
				Transport handedBack = idle.pollFirst(backoff.toMillis(), TimeUnit.MILLISECONDS);
				if (handedBack != null) {
					return new Slot(handedBack, null, true);
				}
				if (this.clock.instant().isAfter(deadline)) {
					logger.warn("No SMTP connection slot came free within {}", this.lease.multipliedBy(2));
					return new Slot(null, null, false);
				}
				backoff = (backoff.compareTo(MAX_BACKOFF) < 0) ? backoff.multipliedBy(2) : MAX_BACKOFF;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Slot(null, null, false);
		}
		catch (DataAccessException ex) {
			logger.warn("Cannot take an SMTP connection slot: {}", ex.toString());
			return new Slot(null, null, false);
		}
	}

	private void hold(String token, Transport transport, BlockingDeque<Transport> pool) {
		Held holding = new Held(transport, pool, this.clock.instant());
		this.held.put(token, holding);
		transport.addTransportListener(new TransportAdapter() {

			@Override
			public void messageDelivered(TransportEvent event) {
				holding.used(RelayQuota.this.clock.instant());
			}

			@Override
			public void messageNotDelivered(TransportEvent event) {
				holding.used(RelayQuota.this.clock.instant());
			}

			@Override
			public void messagePartiallyDelivered(TransportEvent event) {
				holding.used(RelayQuota.this.clock.instant());
			}

		});
		transport.addConnectionListener(new ConnectionAdapter() {

			@Override
			public void closed(ConnectionEvent event) {
				release(token);
			}

		});
	}

	private void release(String token) {
		if (this.held.remove(token) != null) {
			giveBack(token);
		}
	}

	private void giveBack(String token) {
		if (this.leases != null) {
			try {
				this.leases.release(token);
			}
			catch (DataAccessException ex) {
				logger.warn("Cannot give an SMTP connection slot back; it is free once its lease expires: {}",
						ex.toString());
			}
		}
	}

	private void beat() {
		ConnectionLeases leases = this.leases;
		if (leases == null) {
			return;
		}
		try {
			List<String> tokens = List.copyOf(this.held.keySet());
			long renewed = leases.renew(tokens);
			if (renewed < tokens.size()) {
				logger.warn("{} of {} SMTP connection leases had expired before they were renewed",
						tokens.size() - renewed, tokens.size());
			}
		}
		catch (DataAccessException ex) {
			logger.warn("Cannot renew SMTP connection leases: {}", ex.toString());
		}
		Instant idleSince = this.clock.instant().minus(this.lease.dividedBy(3));
		this.held.values().forEach((holding) -> {
			// Removed from the pool first, so no session can be using it while it closes.
			if (holding.lastUsed().isBefore(idleSince) && holding.pool().remove(holding.transport())) {
				close(holding.transport());
			}
		});
	}

	private static void close(Transport transport) {
		try {
			transport.close();
		}
		catch (MessagingException ex) {
			// Closed anyway.
		}
	}

	/**
	 * Gives back the slots still held (the connections are closed by then).
	 */
	@Override
	public void destroy() {
		if (this.heartbeat != null) {
			this.heartbeat.shutdownNow();
		}
		List.copyOf(this.held.keySet()).forEach(this::release);
	}

	/**
	 * What waiting for a connection slot gave.
	 */
	final class Slot {

		private final @Nullable Transport idle;

		private final @Nullable String token;

		private final boolean granted;

		private Slot(@Nullable Transport idle, @Nullable String token, boolean granted) {
			this.idle = idle;
			this.token = token;
			this.granted = granted;
		}

		/**
		 * One of this instance's connections that came back while waiting: use it, no new
		 * connection is needed.
		 * @return the connection, or {@code null}
		 */
		@Nullable Transport idle() {
			return this.idle;
		}

		/**
		 * Whether a new connection may be opened.
		 * @return {@code false} if no slot came free in time
		 */
		boolean granted() {
			return this.granted;
		}

		/**
		 * Holds the slot for a connection until it closes.
		 * @param transport the connection, before it connects
		 * @param pool the pool it goes back to when idle
		 */
		void holdFor(Transport transport, BlockingDeque<Transport> pool) {
			if (this.token != null) {
				hold(this.token, transport, pool);
			}
		}

		/**
		 * Gives the slot back unused (the connection could not be opened).
		 */
		void release() {
			if (this.token != null) {
				RelayQuota.this.held.remove(this.token);
				giveBack(this.token);
			}
		}

	}

	private static final class Held {

		private final Transport transport;

		private final BlockingDeque<Transport> pool;

		private volatile Instant lastUsed;

		Held(Transport transport, BlockingDeque<Transport> pool, Instant lastUsed) {
			this.transport = transport;
			this.pool = pool;
			this.lastUsed = lastUsed;
		}

		Transport transport() {
			return this.transport;
		}

		BlockingDeque<Transport> pool() {
			return this.pool;
		}

		Instant lastUsed() {
			return this.lastUsed;
		}

		void used(Instant at) {
			this.lastUsed = at;
		}

	}

}
