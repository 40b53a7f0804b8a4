package org.solidarityalerts.dispatch.mail;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

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
 * Bucket4j token buckets kept in MongoDB, one document per bucket holding Bucket4j's
 * serialized state. Bucket4j has no MongoDB backend, but all it needs of one is a
 * compare-and-swap: each instance reads the state, computes the new one locally, and
 * writes it only if the document still holds what it read (an update matching the old
 * bytes; an insert for the first write, where a duplicate key means another instance
 * wrote first). A lost race is retried by Bucket4j with a fresh read. Single-document
 * atomic writes only: no transactions.
 */
class MongoBuckets extends AbstractCompareAndSwapBasedProxyManager<String> {

	static final String COLLECTION = "relay_quota";

	private static final String STATE = "state";

	private final MongoTemplate mongo;

	MongoBuckets(MongoTemplate mongo) {
		super(ClientSideConfig.getDefault());
		this.mongo = mongo;
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
				return swap(key, originalData, newData);
			}

		};
	}

	@Nullable byte[] read(String key) {
		Query byId = Query.query(Criteria.where("_id").is(key));
		byId.fields().include(STATE);
		Document document = this.mongo.findOne(byId, Document.class, COLLECTION);
		return (document != null) ? document.get(STATE, Binary.class).getData() : null;
	}

	/**
	 * Writes a bucket's new state if it still holds the old one.
	 * @param key the bucket
	 * @param original the state read, or {@code null} if there was none
	 * @param replacement the new state
	 * @return whether this write won; {@code false} if another instance wrote first
	 */
	boolean swap(String key, byte @Nullable [] original, byte[] replacement) {
		if (original == null) {
			try {
				this.mongo.insert(new Document("_id", key).append(STATE, new Binary(replacement)), COLLECTION);
				return true;
			}
			catch (DuplicateKeyException ex) {
				return false;
			}
		}
		// Matched, not modified: an unchanged state (a mere read) also wins.
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(key).and(STATE).is(new Binary(original))),
					Update.update(STATE, new Binary(replacement)), COLLECTION)
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
		this.mongo.remove(Query.query(Criteria.where("_id").is(key)), COLLECTION);
	}

	@Override
	public boolean isAsyncModeSupported() {
		return false;
	}

}
