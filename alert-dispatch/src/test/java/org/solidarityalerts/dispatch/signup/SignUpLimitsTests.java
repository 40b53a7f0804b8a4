package org.solidarityalerts.dispatch.signup;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.dispatch.subscription.SubscriptionProperties;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-up limits of two dispatch instances sharing one MongoDB wire server: a client
 * or an address that used its allowance on one is refused on the other, an IPv6 client
 * counts by its /64, and what is stored names neither the address nor the client.
 */
class SignUpLimitsTests {

	private final MongoServer server = new MongoServer(new MemoryBackend());

	private final MongoClient client = MongoClients
		.create(this.server.bindAndGetConnectionString() + "/?serverSelectionTimeoutMS=1000");

	private final MongoTemplate mongo = new MongoTemplate(this.client, "alerts");

	private final SubscriptionProperties properties = new SubscriptionProperties(
			"local-development-secret-do-not-use-in-production", null, null, null, null, null, List.of(),
			new SubscriptionProperties.RateLimit(3, Duration.ofHours(1), 4, Duration.ofMinutes(10)), null);

	private final SignUpLimits one = new SignUpLimits(this.mongo, this.properties);

	private final SignUpLimits other = new SignUpLimits(this.mongo, this.properties);

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void anAddressGetsItsAllowanceOfMailFromAllInstancesTogether() {
		assertThat(this.one.allowAddress("nadia@example.org")).isTrue();
		assertThat(this.other.allowAddress("Nadia@Example.org")).as("the same address, written otherwise").isTrue();
		assertThat(this.one.allowAddress("nadia@example.org")).isTrue();

		assertThat(this.other.allowAddress("nadia@example.org")).as("a fourth mail, on the other instance").isFalse();
		assertThat(this.one.allowAddress("nadia@example.org")).isFalse();
		assertThat(this.other.allowAddress("karim@example.org")).as("another address").isTrue();
	}

	@Test
	void aClientGetsItsAllowanceOfSignUpsFromAllInstancesTogetherAndAnIpv6ClientCountsByItsNetwork() {
		assertThat(List.of(this.one.allowClient("2001:db8:7:1::10"), this.other.allowClient("2001:db8:7:1::11"),
				this.one.allowClient("2001:db8:7:1:a:b:c:d"), this.other.allowClient("2001:db8:7:1:ffff::1")))
			.containsOnly(Optional.empty());

		assertThat(this.one.allowClient("2001:db8:7:1::99")).as("a fifth address in the same /64")
			.hasValueSatisfying((wait) -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(10)));
		assertThat(this.other.allowClient("2001:db8:7:2::10")).as("the next /64").isEmpty();
		assertThat(this.other.allowClient("192.0.2.7")).isEmpty();
	}

	@Test
	void nothingStoredNamesTheAddressOrTheClient() {
		this.one.allowAddress("nadia@example.org");
		this.one.allowClient("192.0.2.7");

		List<Document> buckets = this.mongo.findAll(Document.class, SignUpLimits.COLLECTION);
		assertThat(buckets).hasSize(2)
			.allSatisfy((bucket) -> assertThat(bucket.toJson()).doesNotContain("nadia", "example", "192.0.2"));
		assertThat(buckets).allSatisfy((bucket) -> assertThat(bucket.getDate("expireAt")).isNotNull());
	}

}
