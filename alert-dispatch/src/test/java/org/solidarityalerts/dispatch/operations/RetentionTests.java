package org.solidarityalerts.dispatch.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.service.Retention;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger and the digest items are forgotten after their retention, by the scheduled
 * purge where the server ignores TTL indexes (as mongo-java-server does).
 */
class RetentionTests {

	private static final Instant NOW = Instant.parse("2026-11-26T03:00:00Z");

	private MongoServer server;

	private MongoClient client;

	private MongoTemplate mongo;

	@BeforeEach
	void start() {
		this.server = new MongoServer(new MemoryBackend());
		this.server.bind("127.0.0.1", 0);
		this.client = MongoClients.create(this.server.getConnectionString());
		this.mongo = new MongoTemplate(this.client, "retention");
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void ledgerEntriesAndDigestItemsPastTheirRetentionArePurgedAndNothingElse() {
		ledgerEntry("old", NOW.minus(Duration.ofDays(91)));
		ledgerEntry("recent", NOW.minus(Duration.ofDays(89)));
		this.mongo.insert(new Document("_id", "old").append("addedAt", Date.from(NOW.minus(Duration.ofDays(61)))),
				"digest_items");
		this.mongo.insert(new Document("_id", "waiting").append("addedAt", Date.from(NOW.minus(Duration.ofDays(6)))),
				"digest_items");
		Retention retention = new Retention(this.mongo,
				new RetentionProperties(Duration.ofDays(90), Duration.ofDays(60), Duration.ofHours(1)),
				Clock.fixed(NOW, ZoneOffset.UTC));
		retention.afterSingletonsInstantiated();

		assertThat(retention.purge()).isEqualTo(2);

		assertThat(ids("deliveries")).containsExactly("recent");
		assertThat(ids("digest_items")).containsExactly("waiting");
		assertThat(retention.purge()).isZero();
	}

	@Test
	void aTtlIndexIsCreatedForEachCollection() {
		new Retention(this.mongo,
				new RetentionProperties(Duration.ofDays(30), Duration.ofDays(60), Duration.ofHours(1)),
				Clock.fixed(NOW, ZoneOffset.UTC))
			.afterSingletonsInstantiated();

		assertThat(this.mongo.indexOps("deliveries").getIndexInfo())
			.anySatisfy((index) -> assertThat(index.getName()).isEqualTo("ttl_updatedAt"));
		assertThat(this.mongo.indexOps("digest_items").getIndexInfo())
			.anySatisfy((index) -> assertThat(index.getName()).isEqualTo("ttl_addedAt"));
	}

	private void ledgerEntry(String id, Instant updatedAt) {
		this.mongo.insert(new Document("_id", id).append("status", "sent").append("updatedAt", Date.from(updatedAt)),
				"deliveries");
	}

	private List<String> ids(String collection) {
		return this.mongo.find(new Query(), Document.class, collection)
			.stream()
			.map((d) -> d.getString("_id"))
			.toList();
	}

}
