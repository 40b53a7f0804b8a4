package org.solidarityalerts.ingest.organiser;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import org.solidarityalerts.ingest.IngestProperties;
import org.solidarityalerts.service.MongoBuckets;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Each API key's allowance of requests, {@code alert.ingest.limits.requests-per-key} per
 * {@code rate-period}, as a token bucket (Bucket4j) that refills smoothly. The buckets
 * are kept in MongoDB ({@value #COLLECTION}), so the limit holds for all ingest instances
 * together: a read and a write per request.
 */
@Component
public class ApiRateLimits {

	static final String COLLECTION = "api_rate_limits";

	private final MongoBuckets buckets;

	private final BucketConfiguration configuration;

	ApiRateLimits(IngestProperties properties, MongoTemplate mongo) {
		IngestProperties.Limits limits = properties.limits();
		this.buckets = new MongoBuckets(mongo, COLLECTION);
		this.configuration = BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(limits.requestsPerKey())
				.refillGreedy(limits.requestsPerKey(), limits.ratePeriod()))
			.build();
	}

	/**
	 * Takes one request from a key's allowance.
	 * @param keyId the API key's id
	 * @return whether it was taken, what remains, and how long until the next
	 */
	public ConsumptionProbe take(String keyId) {
		return this.buckets.bucket("key:" + keyId, this.configuration).tryConsumeAndReturnRemaining(1);
	}

}
