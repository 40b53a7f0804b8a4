package org.solidarityalerts.ingest.preview;

import java.time.Duration;
import java.util.Optional;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import org.solidarityalerts.ingest.IngestProperties;
import org.solidarityalerts.service.MongoBuckets;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * A few test sends per organisation per minute (Bucket4j), whatever keys it uses: a test
 * send is a real e-mail, and its address, verified or not, is someone's inbox. The
 * buckets are kept in MongoDB ({@value #COLLECTION}), so the limit holds for all ingest
 * instances together.
 */
@Component
public class TestSendLimit {

	static final String COLLECTION = "test_send_limits";

	private final MongoBuckets buckets;

	private final BucketConfiguration configuration;

	private final int perMinute;

	TestSendLimit(IngestProperties properties, MongoTemplate mongo) {
		this.perMinute = properties.preview().testSendsPerMinute();
		this.buckets = new MongoBuckets(mongo, COLLECTION);
		this.configuration = BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(this.perMinute).refillGreedy(this.perMinute, Duration.ofMinutes(1)))
			.build();
	}

	/**
	 * Takes one test send for an organisation.
	 * @param organisation the organisation's slug
	 * @return empty if it may send, else how long to wait
	 */
	public Optional<Duration> take(String organisation) {
		ConsumptionProbe probe = this.buckets.bucket("organisation:" + organisation, this.configuration)
			.tryConsumeAndReturnRemaining(1);
		return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
	}

	/**
	 * How many test sends an organisation may make per minute.
	 * @return the limit
	 */
	public int perMinute() {
		return this.perMinute;
	}

}
