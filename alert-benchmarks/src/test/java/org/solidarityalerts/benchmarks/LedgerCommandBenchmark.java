package org.solidarityalerts.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.IntToLongFunction;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one ledger command costs the thread that sends it, in the MongoDB driver as
 * dispatch uses it: the CPU time of the calling thread per command (encoding, choosing
 * the server, the connection, the socket's system calls, reading the reply), against the
 * Mongo wire server in this JVM, whose own threads are not counted. Three commands:
 * {@code ping}, the least a round trip costs; the per-message ledger write as dispatch
 * sends it (a bulk write of two updates: the previous message's outcome and the next
 * one's {@code sending} mark, {@code DeliveryLedger.advance}); and the same two updates
 * as a plain {@code update} command ({@code runCommand}), without the driver's bulk-write
 * machinery. Each is timed in rounds, after rounds that let the JIT compiler compile it.
 * Run with the benchmark profile:
 * {@code ./mvnw -Pbenchmark -pl alert-benchmarks -am verify -Dtest=LedgerCommandBenchmark}.
 * Figures in docs/performance-log.md.
 */
class LedgerCommandBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(LedgerCommandBenchmark.class);

	private static final int DELIVERIES = 1_000;

	private static final int WARM_UP_ROUNDS = 2;

	private static final int ROUNDS = 5;

	private static final int COMMANDS_PER_ROUND = 20_000;

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private MongoServer server;

	private MongoClient client;

	private MongoDatabase database;

	private MongoCollection<Document> deliveries;

	@BeforeEach
	void start() {
		this.server = new MongoServer(new IndexedMemoryBackend());
		this.server.bind("127.0.0.1", 0);
		this.client = MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(this.server.getConnectionString()))
			.build());
		this.database = this.client.getDatabase("ledger");
		this.deliveries = this.database.getCollection("deliveries");
		List<Document> entries = new ArrayList<>();
		for (int i = 0; i < DELIVERIES; i++) {
			entries.add(new Document("_id", key(i)).append("status", "claimed"));
		}
		this.deliveries.insertMany(entries);
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void aLedgerCommandAgainstARoundTrip() {
		// Interleaved, so that the machine's moments fall on all three alike.
		Measure ping = new Measure("ping",
				(i) -> this.database.runCommand(new BsonDocument("ping", new BsonInt32(1)), BsonDocument.class)
					.getNumber("ok")
					.longValue());
		Measure bulkWrite = new Measure("the ledger's bulk write", this::bulkWrite);
		Measure update = new Measure("one update command", this::updateCommand);
		List<Measure> measures = List.of(ping, bulkWrite, update);
		for (int round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
			for (Measure measure : measures) {
				measure.round(round >= WARM_UP_ROUNDS);
			}
		}
		for (Measure measure : measures) {
			logger.info(
					"{}: {} µs of the calling thread's CPU per command (median of {} rounds of {}; lowest {}, "
							+ "highest {}), {} µs wall time",
					measure.name, format(measure.median()), ROUNDS, COMMANDS_PER_ROUND, format(measure.lowest()),
					format(measure.highest()), format(measure.medianWall()));
		}
		logger.info("the ledger's bulk write: {} times a ping; one update command: {} times a ping",
				format(bulkWrite.median() / ping.median()), format(update.median() / ping.median()));
		assertThat(ping.result).isEqualTo((long) (WARM_UP_ROUNDS + ROUNDS) * COMMANDS_PER_ROUND);
		// Each write matched both its deliveries, every time.
		assertThat(bulkWrite.result).isEqualTo(2L * (WARM_UP_ROUNDS + ROUNDS) * COMMANDS_PER_ROUND);
		assertThat(update.result).isEqualTo(bulkWrite.result);
		assertThat(this.deliveries.countDocuments(new Document("status", "sending"))).isEqualTo(1);
	}

	private long bulkWrite(int i) {
		Date now = new Date();
		List<WriteModel<Document>> writes = new ArrayList<>(2);
		writes.add(new UpdateOneModel<>(new Document("_id", key(i)), new Document("$set",
				new Document("status", "sent").append("detail", "250 2.0.0 Ok: queued").append("updatedAt", now))));
		writes.add(new UpdateOneModel<>(new Document("_id", key(i + 1)),
				new Document("$set", new Document("status", "sending").append("updatedAt", now))));
		return this.deliveries.bulkWrite(writes, new BulkWriteOptions().ordered(true)).getMatchedCount();
	}

	private long updateCommand(int i) {
		BsonDateTime now = new BsonDateTime(System.currentTimeMillis());
		BsonArray updates = new BsonArray(List.of(
				new BsonDocument("q", new BsonDocument("_id", new BsonString(key(i)))).append("u",
						new BsonDocument("$set",
								new BsonDocument("status", new BsonString("sent"))
									.append("detail", new BsonString("250 2.0.0 Ok: queued"))
									.append("updatedAt", now))),
				new BsonDocument("q", new BsonDocument("_id", new BsonString(key(i + 1)))).append("u", new BsonDocument(
						"$set", new BsonDocument("status", new BsonString("sending")).append("updatedAt", now)))));
		BsonDocument command = new BsonDocument("update", new BsonString("deliveries")).append("updates", updates)
			.append("ordered", BsonBoolean.TRUE);
		return this.database.runCommand(command, BsonDocument.class).getNumber("n").longValue();
	}

	private static String key(int i) {
		return "alert.v1." + (i % DELIVERIES);
	}

	private static String format(double value) {
		return String.format("%.1f", value);
	}

	private final class Measure {

		private final String name;

		private final IntToLongFunction command;

		private final List<Double> cpu = new ArrayList<>();

		private final List<Double> wall = new ArrayList<>();

		private long result;

		private int next;

		Measure(String name, IntToLongFunction command) {
			this.name = name;
			this.command = command;
		}

		void round(boolean timed) {
			long cpuBefore = LedgerCommandBenchmark.this.threads.getCurrentThreadCpuTime();
			long wallBefore = System.nanoTime();
			long sum = 0;
			for (int i = 0; i < COMMANDS_PER_ROUND; i++) {
				sum += this.command.applyAsLong(this.next++);
			}
			long cpuSpent = LedgerCommandBenchmark.this.threads.getCurrentThreadCpuTime() - cpuBefore;
			long wallSpent = System.nanoTime() - wallBefore;
			this.result += sum;
			if (timed) {
				this.cpu.add(cpuSpent / 1e3 / COMMANDS_PER_ROUND);
				this.wall.add(wallSpent / 1e3 / COMMANDS_PER_ROUND);
			}
		}

		double median() {
			return median(this.cpu);
		}

		double medianWall() {
			return median(this.wall);
		}

		double lowest() {
			return this.cpu.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
		}

		double highest() {
			return this.cpu.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
		}

		private static double median(List<Double> values) {
			double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
			return sorted[sorted.length / 2];
		}

	}

}
