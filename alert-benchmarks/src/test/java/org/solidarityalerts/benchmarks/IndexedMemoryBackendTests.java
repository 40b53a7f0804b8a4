package org.solidarityalerts.benchmarks;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's Mongo wire server finds, through the indexes, exactly what the wire
 * server as shipped finds by scanning, and scans only where no index serves the filter.
 */
class IndexedMemoryBackendTests {

	private static final String[] STATUSES = { "CONFIRMED", "PENDING", "SUPPRESSED" };

	private static final String[] CAMPAIGNS = { "lawyer", "strike", "eviction", "rare" };

	private static final String[] COUNTRIES = { "TR", "IR", "GB", "EG" };

	private static final String[] MIXED_PREFIXES = { "Zeta", "alpha", "Beta", "beta", "9lives", "_under", "~tilde",
			"s1" };

	private final Random random = new Random(20261126);

	private MongoServer indexedServer;

	private MongoServer plainServer;

	private IndexedMemoryBackend backend;

	private MongoClient indexedClient;

	private MongoClient plainClient;

	private MongoCollection<Document> indexed;

	private MongoCollection<Document> plain;

	@BeforeEach
	void start() {
		this.backend = new IndexedMemoryBackend();
		this.indexedServer = new MongoServer(this.backend);
		this.plainServer = new MongoServer(new MemoryBackend());
		this.indexedClient = MongoClients.create(uri(this.indexedServer.bind()));
		this.plainClient = MongoClients.create(uri(this.plainServer.bind()));
		this.indexed = this.indexedClient.getDatabase("test").getCollection("subscribers");
		this.plain = this.plainClient.getDatabase("test").getCollection("subscribers");
		both((collection) -> {
			collection.createIndex(Indexes.ascending("status", "preferences.campaigns", "_id"));
			collection.createIndex(Indexes.ascending("status", "preferences.countries", "_id"));
			collection.createIndex(Indexes.ascending("serviceMail.dueAt"), new IndexOptions().sparse(true));
		});
		List<Document> documents = new ArrayList<>();
		for (int i = 0; i < 2_000; i++) {
			documents.add(subscriber(i));
		}
		both((collection) -> collection.insertMany(documents.stream().map(Document::new).toList()));
	}

	@AfterEach
	void stop() {
		this.indexedClient.close();
		this.plainClient.close();
		this.indexedServer.shutdownNow();
		this.plainServer.shutdownNow();
	}

	@Test
	void audienceQueriesFindWhatAScanFindsWithoutScanning() {
		for (String campaign : CAMPAIGNS) {
			for (String country : COUNTRIES) {
				assertServed(Filters.and(Filters.eq("status", "CONFIRMED"), Filters.eq("preferences.kinds", "URGENT"),
						Filters.or(Filters.eq("preferences.campaigns", campaign),
								Filters.eq("preferences.countries", country))));
				assertServed(Filters.and(Filters.eq("status", "CONFIRMED"), Filters.gt("_id", "s0500"), Filters
					.or(Filters.eq("preferences.campaigns", campaign), Filters.eq("preferences.countries", country))));
			}
			assertServed(Filters.and(Filters.eq("status", "CONFIRMED"), Filters.eq("preferences.campaigns", campaign)));
			// The status alone is a prefix of both indexes.
			assertServed(Filters.and(Filters.eq("status", "PENDING"),
					Filters.or(Filters.eq("preferences.campaigns", campaign), Filters.eq("name", "n3"))));
			assertServed(Filters.and(Filters.in("status", "CONFIRMED", "PENDING"),
					Filters.eq("preferences.campaigns", campaign), Filters.eq("preferences.cadence", "DAILY")));
		}
	}

	@Test
	void dueServiceMailsAreFoundThroughTheSparseIndex() {
		assertServed(Filters.lte("serviceMail.dueAt", new Date(1_000_000)));
		assertServed(Filters.gt("serviceMail.dueAt", new Date(500_000)));
	}

	@Test
	void filtersNoIndexServesAreScannedAndStillRight() {
		assertScanned(Filters.eq("preferences.campaigns", "lawyer"));
		assertScanned(Filters.eq("preferences.kinds", "URGENT"));
		assertScanned(Filters.or(
				Filters.and(Filters.eq("status", "CONFIRMED"), Filters.eq("preferences.campaigns", "lawyer")),
				Filters.eq("name", "n3")));
		assertScanned(Filters.exists("serviceMail.dueAt", false));
		assertScanned(Filters.eq("status", null));
	}

	@Test
	void indexesFollowUpdatesAndDeletes() {
		both((collection) -> {
			collection.updateMany(Filters.eq("preferences.countries", "TR"),
					Updates.combine(Updates.set("status", "SUPPRESSED"),
							Updates.addToSet("preferences.campaigns", "rare"), Updates.unset("serviceMail")));
			collection.updateMany(Filters.eq("preferences.campaigns", "strike"),
					Updates.set("serviceMail.dueAt", new Date(10)));
			collection.deleteMany(Filters.eq("preferences.countries", "EG"));
			collection.updateOne(Filters.eq("_id", "s0001"), Updates.set("preferences.campaigns", List.of("moved")));
		});
		audienceQueriesFindWhatAScanFindsWithoutScanning();
		dueServiceMailsAreFoundThroughTheSparseIndex();
		assertServed(Filters.and(Filters.eq("status", "CONFIRMED"), Filters.eq("preferences.campaigns", "moved")));
	}

	@Test
	void queriesInIdOrderComeInTheOrderTheWireServerGivesEitherWay() {
		List<Document> shuffled = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			// Ids of mixed case, digits and punctuation, inserted out of order.
			shuffled.add(subscriber(2_000 + i).append("_id", "%s-%03d".formatted(pick(MIXED_PREFIXES), i)));
		}
		java.util.Collections.shuffle(shuffled, this.random);
		both((collection) -> collection.insertMany(shuffled.stream().map(Document::new).toList()));
		Bson audience = Filters.and(Filters.eq("status", "CONFIRMED"),
				Filters.or(Filters.eq("preferences.campaigns", "lawyer"), Filters.eq("preferences.countries", "TR")));
		for (Bson order : List.of(Sorts.ascending("_id"), Sorts.descending("_id"))) {
			for (int skip : new int[] { 0, 7 }) {
				assertThat(ids(this.indexed, audience, order, skip)).as("%s, skipping %d", order, skip)
					.hasSizeGreaterThan(100)
					.isEqualTo(ids(this.plain, audience, order, skip));
			}
		}
		// Another order, and ids that are not all strings, are the wire server's to sort.
		Document numbered = subscriber(9_999).append("_id", 42).append("status", "CONFIRMED");
		both((collection) -> collection.insertOne(new Document(numbered)));
		assertThat(ids(this.indexed, Filters.eq("status", "CONFIRMED"), Sorts.descending("_id"), 0))
			.isEqualTo(ids(this.plain, Filters.eq("status", "CONFIRMED"), Sorts.descending("_id"), 0));
		assertThat(ids(this.indexed, audience, Sorts.ascending("name"), 0))
			.isEqualTo(ids(this.plain, audience, Sorts.ascending("name"), 0));
	}

	@Test
	void aPartialIndexIsLeftOutAsItWouldHoldEveryDocument() {
		both((collection) -> collection.createIndex(Indexes.ascending("name"),
				new IndexOptions().partialFilterExpression(Filters.eq("status", "PENDING"))));
		assertScanned(Filters.eq("name", "n7"));
	}

	@Test
	void aClaimedAndPublishedOutboxEntryIsNotClaimedAgain() {
		Date now = new Date(1_000_000);
		MongoCollection<Document> alerts = this.indexedClient.getDatabase("test").getCollection("alerts");
		alerts.createIndex(Indexes.ascending("pending", "nextDueAt"));
		alerts.createIndex(Indexes.ascending("organisation", "createdAt", "_id"));
		alerts.insertOne(new Document("_id", "a1").append("organisation", "org")
			.append("pending", true)
			.append("nextDueAt", new Date(10))
			.append("events", List.of(new Document("topic", "alerts").append("publishedAt", null))));
		Bson due = Filters.and(Filters.eq("pending", true), Filters.lte("nextDueAt", now),
				Filters.or(Filters.eq("leaseUntil", null), Filters.lt("leaseUntil", now)));
		assertThat(alerts.findOneAndUpdate(due, Updates.set("leaseUntil", new Date(2_000_000)))).isNotNull();
		assertThat(alerts.find(Filters.eq("_id", "a1")).first()).containsKey("leaseUntil");
		alerts.updateOne(Filters.eq("_id", "a1"), Updates.combine(Updates.unset("leaseUntil"),
				Updates.set("events.0.publishedAt", now), Updates.set("pending", false), Updates.unset("nextDueAt")));
		assertThat(alerts.find(Filters.eq("_id", "a1")).first()).containsEntry("pending", false);
		assertThat(alerts.findOneAndUpdate(due, Updates.set("leaseUntil", new Date(2_000_000)))).isNull();
		assertThat(alerts.find(due).first()).isNull();
		alerts.deleteMany(Filters.eq("organisation", "org"));
		assertThat(alerts.countDocuments()).isZero();
	}

	private void assertServed(Bson filter) {
		Map<String, IndexedMemoryBackend.Scans> before = this.backend.scans();
		assertThat(ids(this.indexed, filter)).isEqualTo(ids(this.plain, filter));
		assertThat(this.backend.scans()).as("scans after %s", filter).isEqualTo(before);
	}

	private void assertScanned(Bson filter) {
		Map<String, IndexedMemoryBackend.Scans> before = this.backend.scans();
		assertThat(ids(this.indexed, filter)).isEqualTo(ids(this.plain, filter));
		assertThat(this.backend.scans()).as("scans after %s", filter).isNotEqualTo(before);
	}

	private static List<String> ids(MongoCollection<Document> collection, Bson filter, Bson order, int skip) {
		List<String> ids = new ArrayList<>();
		collection.find(filter)
			.sort(order)
			.skip(skip)
			.batchSize(50)
			.forEach((document) -> ids.add(String.valueOf(document.get("_id"))));
		return ids;
	}

	private static List<String> ids(MongoCollection<Document> collection, Bson filter) {
		List<String> ids = new ArrayList<>();
		collection.find(filter).sort(Sorts.ascending("_id")).forEach((document) -> ids.add(document.getString("_id")));
		return ids;
	}

	private Document subscriber(int i) {
		Document preferences = new Document("kinds",
				this.random.nextBoolean() ? List.of("URGENT", "APPEAL") : List.of("NEWS"))
			.append("cadence", this.random.nextBoolean() ? "IMMEDIATE" : "DAILY")
			.append("campaigns", List.of(pick(CAMPAIGNS), pick(CAMPAIGNS)).stream().distinct().toList());
		if (this.random.nextInt(5) > 0) {
			preferences.append("countries", this.random.nextBoolean() ? pick(COUNTRIES) : List.of(pick(COUNTRIES)));
		}
		Document subscriber = new Document("_id", "s%04d".formatted(i)).append("status", pick(STATUSES))
			.append("name", "n" + i)
			.append("preferences", preferences);
		switch (this.random.nextInt(4)) {
			case 0 -> subscriber.append("serviceMail", new Document("dueAt", new Date(this.random.nextInt(2_000_000))));
			case 1 -> subscriber.append("serviceMail", new Document("dueAt", null));
			default -> {
			}
		}
		if (i % 97 == 0) {
			// A value of another type than the filters compare with.
			subscriber.put("status", 1);
		}
		return subscriber;
	}

	private String pick(String[] values) {
		return values[this.random.nextInt(values.length)];
	}

	private void both(Consumer<MongoCollection<Document>> change) {
		change.accept(this.indexed);
		change.accept(this.plain);
	}

	private static String uri(InetSocketAddress address) {
		return "mongodb://127.0.0.1:" + address.getPort();
	}

}
