package org.solidarityalerts.ingest.preview;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.solidarityalerts.ingest.IngestProperties;

import org.springframework.stereotype.Component;

/**
 * A few test sends per organisation per minute (Bucket4j), whatever keys it uses: a test
 * send is a real e-mail, and its address, verified or not, is someone's inbox. Buckets
 * are kept in this instance's memory.
 */
@Component
public class TestSendLimit {

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final int perMinute;

	TestSendLimit(IngestProperties properties) {
		this.perMinute = properties.preview().testSendsPerMinute();
	}

	/**
	 * Takes one test send for an organisation.
	 * @param organisation the organisation's slug
	 * @return empty if it may send, else how long to wait
	 */
	public Optional<Duration> take(String organisation) {
		ConsumptionProbe probe = this.buckets
			.computeIfAbsent(organisation, (key) -> Bucket.builder()
				.addLimit((limit) -> limit.capacity(this.perMinute).refillGreedy(this.perMinute, Duration.ofMinutes(1)))
				.build())
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
