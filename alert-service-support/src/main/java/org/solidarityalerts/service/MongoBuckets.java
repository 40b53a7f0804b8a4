package org.solidarityalerts.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import org.bson.Document;
import org.bson.types.Binary;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Bucket4j token buckets kept in a MongoDB collection, one document per bucket holding
 * Bucket4j's serialized state, so that a limit holds for all instances of a service
 * together rather than for each. Bucket4j has no MongoDB backend, but all it needs of one
 * is a compare-and-swap: each instance reads the state, computes the new one locally, and
 * writes it only if the document still holds what it read (an update matching the old
 * bytes; an insert for the first write, where a duplicate key means another instance
 * wrote first). A lost race is retried by Bucket4j with a fresh read. Single-document
 * atomic writes only: no transactions.
 * <p>
 * Each write sets {@code expireAt} to when the bucket will be full again, and a TTL index
 * on it lets MongoDB remove buckets that would be as good as new: a flood of keys cannot
 * fill the collection for longer than a bucket takes to refill. Keys that name a person
 * or a client go through {@link #key(String, String)}, so no address is stored.
 */
public class MongoBuckets extends AbstractCompareAndSwapBasedProxyManager<String> {

	private static final String STATE = "state";

	private static final String EXPIRE_AT = "expireAt";

	private final MongoTemplate mongo;

	private final String collection;

	/**
	 * Buckets in a collection; creates the collection's TTL index if it can.
	 * @param mongo the database
	 * @param collection the collection holding these buckets
	 */
	public MongoBuckets(MongoTemplate mongo, String collection) {
		super(ClientSideConfig.getDefault()
			.withExpirationAfterWriteStrategy(
					ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(1))));
		this.mongo = mongo;
		this.collection = collection;
		TtlIndexes.expireAt(mongo, collection, EXPIRE_AT);
	}

	/**
	 * A bucket's key for something that names a person or a client (a login name, an
	 * e-mail address, a network): its SHA-256, with what kind of thing it is in front.
	 * @param kind what the value is, such as {@code name}
	 * @param value the value
	 * @return the key
	 */
	public static String key(String kind, String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return kind + ":" + HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	/**
	 * The bucket under a key and a configuration, made if it has no state yet. The
	 * configuration is part of the document's id: a bucket made under other limits
	 * (before a setting changed) is not used, and expires.
	 * @param key the key
	 * @param configuration its limits
	 * @return the bucket; each call on it reads and writes MongoDB
	 */
	public Bucket bucket(String key, BucketConfiguration configuration) {
		return builder().build(id(key, configuration), () -> configuration);
	}

	/**
	 * Whether a bucket has been used at all, without making it: one read.
	 * @param key the key
	 * @param configuration its limits
	 * @return whether it has a state
	 */
	public boolean exists(String key, BucketConfiguration configuration) {
		return read(id(key, configuration)) != null;
	}

	/**
	 * The id of the document holding a bucket.
	 * @param key the bucket's key
	 * @param configuration its limits
	 * @return the key and a digest of the limits
	 */
	public static String id(String key, BucketConfiguration configuration) {
		return key + "/" + Integer.toHexString(configuration.hashCode());
	}

	@Override
	protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
		return new CompareAndSwapOperation() {

			@Override
			public Optional<byte[]> getStateData(Optional<Long> timeoutNanos) {
				return Optional.ofNullable(read(key));
			}

			@Override
			public boolean compareAndSwap(byte[] originalData, byte[] newData, RemoteBucketState newState,
					Optional<Long> timeoutNanos) {
				return swap(key, originalData, newData, expiry(newState));
			}

		};
	}

	private Date expiry(RemoteBucketState state) {
		long ttl = getClientSideConfig().getExpirationAfterWriteStrategy()
			.map((strategy) -> strategy.calculateTimeToLiveMillis(state, currentTimeNanos()))
			.orElse(TimeUnit.DAYS.toMillis(1));
		return Date.from(Instant.now().plusMillis(Math.max(0, ttl)));
	}

	@Nullable byte[] read(String key) {
		Query byId = Query.query(Criteria.where("_id").is(key));
		byId.fields().include(STATE);
		Document document = this.mongo.findOne(byId, Document.class, this.collection);
		return (document != null) ? document.get(STATE, Binary.class).getData() : null;
	}

	/**
	 * Writes a bucket's new state if it still holds the old one.
	 * @param key the bucket
	 * @param original the state read, or {@code null} if there was none
	 * @param replacement the new state
	 * @param expireAt when the bucket is full again and may be forgotten
	 * @return whether this write won; {@code false} if another instance wrote first
	 */
	boolean swap(String key, byte @Nullable [] original, byte[] replacement, Date expireAt) {
		if (original == null) {
			try {
				this.mongo.insert(
						new Document("_id", key).append(STATE, new Binary(replacement)).append(EXPIRE_AT, expireAt),
						this.collection);
				return true;
			}
			catch (DuplicateKeyException ex) {
				return false;
			}
		}
		// Matched, not modified: an unchanged state (a mere read) also wins.
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(key).and(STATE).is(new Binary(original))),
					Update.update(STATE, new Binary(replacement)).set(EXPIRE_AT, expireAt), this.collection)
			.getMatchedCount() == 1;
	}

	@Override
	protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
		throw new UnsupportedOperationException("MongoDB buckets are used synchronously only");
	}

	@Override
	protected CompletableFuture<Void> removeAsync(String key) {
		return CompletableFuture
			.failedFuture(new UnsupportedOperationException("MongoDB buckets are used synchronously only"));
	}

	@Override
	public void removeProxy(String key) {
		this.mongo.remove(Query.query(Criteria.where("_id").is(key)), this.collection);
	}

	@Override
	public boolean isExpireAfterWriteSupported() {
		return true;
	}

	@Override
	public boolean isAsyncModeSupported() {
		return false;
	}

}
