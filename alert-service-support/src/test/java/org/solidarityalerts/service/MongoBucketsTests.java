package org.solidarityalerts.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token buckets in MongoDB, against a MongoDB wire server: instances sharing a bucket get
 * each token once, a lost compare-and-swap writes nothing, a bucket says when it may be
 * forgotten, and keys naming people are stored as digests.
 */
class MongoBucketsTests {

	private static final String COLLECTION = "buckets";

	private final MongoServer server = new MongoServer(new MemoryBackend());

	private final MongoClient client = MongoClients
		.create(this.server.bindAndGetConnectionString() + "/?serverSelectionTimeoutMS=1000");

	private final MongoTemplate mongo = new MongoTemplate(this.client, "alerts");

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void aCompareAndSwapThatLostTheRaceWritesNothing() {
		MongoBuckets buckets = new MongoBuckets(this.mongo, COLLECTION);
		byte[] first = bytes("first");
		byte[] second = bytes("second");
		Date later = new Date();

		assertThat(buckets.swap("bucket", null, first, later)).as("the first insert").isTrue();
		assertThat(buckets.swap("bucket", null, second, later)).as("an insert after another instance's").isFalse();
		assertThat(buckets.swap("bucket", first, second, later)).as("a swap from the state read").isTrue();
		assertThat(buckets.swap("bucket", first, bytes("stale"), later)).as("a swap from a state overwritten since")
			.isFalse();
		assertThat(buckets.read("bucket")).isEqualTo(second);
	}

	@Test
	void instancesRacingForTheSameTokensGetEachTokenOnce() throws Exception {
		BucketConfiguration fiftyAnHour = BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(50).refillIntervally(50, Duration.ofHours(1)))
			.build();
		List<Bucket> instances = List.of(new MongoBuckets(this.mongo, COLLECTION).bucket("race", fiftyAnHour),
				new MongoBuckets(this.mongo, COLLECTION).bucket("race", fiftyAnHour));
		AtomicInteger granted = new AtomicInteger();

		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			for (int t = 0; t < 8; t++) {
				Bucket bucket = instances.get(t % 2);
				pool.execute(() -> {
					for (int i = 0; i < 20; i++) {
						if (bucket.tryConsume(1)) {
							granted.incrementAndGet();
						}
					}
				});
			}
		}

		assertThat(granted).as("tokens granted to 160 attempts on a bucket of 50").hasValue(50);
	}

	@Test
	void aBucketMayBeForgottenOnceItWouldBeFullAgain() {
		BucketConfiguration fiveAQuarterHour = BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(5).refillGreedy(5, Duration.ofMinutes(15)))
			.build();
		MongoBuckets buckets = new MongoBuckets(this.mongo, COLLECTION);
		Bucket bucket = buckets.bucket("spent", fiveAQuarterHour);
		String id = MongoBuckets.id("spent", fiveAQuarterHour);
		Instant before = Instant.now();

		assertThat(bucket.tryConsume(5)).isTrue();

		Date expireAt = this.mongo.findById(id, Document.class, COLLECTION).getDate("expireAt");
		assertThat(expireAt.toInstant()).as("a quarter of an hour to refill, and a second")
			.isBetween(before.plus(Duration.ofMinutes(15)), Instant.now().plus(Duration.ofMinutes(15).plusSeconds(2)));
		assertThat(this.mongo.getCollection(COLLECTION).listIndexes().map((index) -> index.getString("name")))
			.contains("ttl_expireAt");
	}

	@Test
	void onlyBucketsInUseExistAndPeopleAreKeyedByDigest() {
		MongoBuckets buckets = new MongoBuckets(this.mongo, COLLECTION);
		String key = MongoBuckets.key("name", "organiser@example.org");
		BucketConfiguration oneAMinute = perMinute(1);

		assertThat(key).startsWith("name:").doesNotContain("organiser").hasSize("name:".length() + 64);
		assertThat(buckets.exists(key, oneAMinute)).isFalse();
		assertThat(this.mongo.getCollection(COLLECTION).countDocuments()).as("asking made no bucket").isZero();

		assertThat(buckets.bucket(key, oneAMinute).tryConsume(1)).isTrue();

		assertThat(buckets.exists(key, oneAMinute)).isTrue();
		assertThat(buckets.bucket(key, oneAMinute).tryConsume(1)).isFalse();
	}

	@Test
	void aBucketMadeUnderOtherLimitsIsNotUsed() {
		MongoBuckets buckets = new MongoBuckets(this.mongo, COLLECTION);
		assertThat(buckets.bucket("key", perMinute(1)).tryConsume(1)).isTrue();

		assertThat(buckets.bucket("key", perMinute(2)).tryConsume(2)).as("the same key under a new limit").isTrue();
		assertThat(MongoBuckets.id("key", perMinute(2))).as("the same limits in another instance")
			.isEqualTo(MongoBuckets.id("key", perMinute(2)))
			.isNotEqualTo(MongoBuckets.id("key", perMinute(1)));
	}

	private static BucketConfiguration perMinute(int tokens) {
		return BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(tokens).refillGreedy(tokens, Duration.ofMinutes(1)))
			.build();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
