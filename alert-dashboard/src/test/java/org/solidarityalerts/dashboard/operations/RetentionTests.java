package org.solidarityalerts.dashboard.operations;

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
 * The dashboard's read models are forgotten after their retention, by the scheduled purge
 * where the server ignores TTL indexes; the per-subscriber outcomes go before the board's
 * rows.
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
	void outcomesGoAfterAMonthAndTheBoardsRowsAfterHalfAYear() {
		insert("dashboard_outcomes", "at", "old-outcome", 31);
		insert("dashboard_outcomes", "at", "recent-outcome", 29);
		insert("dashboard_fanouts", "postedAt", "old-fanout", 181);
		insert("dashboard_fanouts", "postedAt", "month-old-fanout", 31);
		insert("dashboard_alerts", "postedAt", "old-alert", 181);
		insert("dashboard_minutes", "minute", "old-minute", 8);
		insert("dashboard_seen_events", "at", "recent-event", 1);
		Retention retention = new Retention(this.mongo, new RetentionProperties(Duration.ofDays(180),
				Duration.ofDays(30), Duration.ofDays(7), Duration.ofDays(30), Duration.ofHours(1)),
				Clock.fixed(NOW, ZoneOffset.UTC));
		retention.afterSingletonsInstantiated();

		assertThat(retention.purge()).isEqualTo(4);

		assertThat(ids("dashboard_outcomes")).containsExactly("recent-outcome");
		assertThat(ids("dashboard_fanouts")).containsExactly("month-old-fanout");
		assertThat(ids("dashboard_alerts")).isEmpty();
		assertThat(ids("dashboard_minutes")).isEmpty();
		assertThat(ids("dashboard_seen_events")).containsExactly("recent-event");
	}

	private void insert(String collection, String field, String id, int daysAgo) {
		this.mongo.insert(new Document("_id", id).append(field, Date.from(NOW.minus(Duration.ofDays(daysAgo)))),
				collection);
	}

	private List<String> ids(String collection) {
		return this.mongo.find(new Query(), Document.class, collection)
			.stream()
			.map((document) -> document.getString("_id"))
			.toList();
	}

}
