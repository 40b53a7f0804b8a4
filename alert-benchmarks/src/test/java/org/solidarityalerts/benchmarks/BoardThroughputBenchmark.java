package org.solidarityalerts.benchmarks;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.AlertEvent.AlertPublished;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.Campaign;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.AudienceResolved;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryRecorded;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.LocalizedContent;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dashboard.board.FanOutBoard;
import org.solidarityalerts.dashboard.board.FanOutRow;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How fast the board takes in a fan-out's outcomes, one event at a time and a batch at a
 * time (as its listener reads them, up to 200 a poll), against the Mongo wire server in
 * this JVM with the fan-out benchmark's backend (which serves a filter naming {@code _id}
 * from its index, as MongoDB does): events a second, and MongoDB commands per event,
 * which a MongoDB across a network pays in round trips. Run with the benchmark profile:
 * {@code ./mvnw -Pbenchmark -pl alert-benchmarks -am verify -Dtest=BoardThroughputBenchmark}.
 * Figures in docs/benchmarks.md.
 */
class BoardThroughputBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(BoardThroughputBenchmark.class);

	private static final int READERS = 20_000;

	private static final int BATCH = 200;

	private static final Instant POSTED = Instant.parse("2026-11-22T10:00:00Z");

	private final AtomicLong commands = new AtomicLong();

	private MongoServer server;

	private MongoClient client;

	@BeforeEach
	void start() {
		this.server = new MongoServer(new IndexedMemoryBackend());
		this.server.bind("127.0.0.1", 0);
		this.client = MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(this.server.getConnectionString()))
			.addCommandListener(new CommandListener() {

				@Override
				public void commandStarted(CommandStartedEvent event) {
					BoardThroughputBenchmark.this.commands.incrementAndGet();
				}

			})
			.build());
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void aFanOutsOutcomesOneAtATimeAndABatchAtATime() {
		AlertSnapshot alert = new AlertSnapshot(AlertId.random(), 1, AlertKind.APPEAL, "org",
				new Campaign("free-dana", "Free Dana"), "KZ", List.of(), "en",
				Map.of("en", new LocalizedContent("Write to the court", "Write now.", null, null)), List.of(), POSTED,
				null, null);
		List<FanOutBoard.Sighting> outcomes = new ArrayList<>();
		long offset = 0;
		for (int i = 0; i < READERS; i++) {
			DeliveryRecorded sent = new DeliveryRecorded(EventId.random(), ContractEvent.SCHEMA_VERSION,
					POSTED.plusMillis(500L * i), alert.alertVersion(), SubscriberId.random(), DeliveryStatus.SENT, 1,
					"SMTP 250");
			outcomes
				.add(new FanOutBoard.Sighting(sent, new FanOutBoard.Position(Topics.DELIVERY_OUTCOMES, 0, offset++)));
		}

		Figures oneAtATime = run("one-at-a-time", alert, outcomes, 1);
		Figures batched = run("batched", alert, outcomes, BATCH);

		logger.info(
				"Board, {} outcomes: one at a time {} events/s, {} MongoDB commands per event; "
						+ "batches of {} {} events/s, {} commands per event ({} times as fast)",
				READERS, Math.round(oneAtATime.perSecond()), String.format("%.2f", oneAtATime.commandsPerEvent()),
				BATCH, Math.round(batched.perSecond()), String.format("%.3f", batched.commandsPerEvent()),
				String.format("%.1f", batched.perSecond() / oneAtATime.perSecond()));
		assertThat(batched.row()).isEqualTo(oneAtATime.row());
		assertThat(batched.row().counts().sent()).isEqualTo(READERS);
	}

	private Figures run(String database, AlertSnapshot alert, List<FanOutBoard.Sighting> outcomes, int batch) {
		FanOutBoard board = new FanOutBoard(new MongoTemplate(this.client, database), new SimpleMeterRegistry(),
				Clock.fixed(POSTED.plusSeconds(3600), ZoneOffset.UTC));
		board.apply(new AlertPublished(EventId.random(), ContractEvent.SCHEMA_VERSION, POSTED, alert),
				new FanOutBoard.Position(Topics.ALERTS_STANDARD, 0, 0));
		board.apply(new AudienceResolved(EventId.random(), 1, POSTED, alert.alertVersion(), READERS, READERS / 200),
				new FanOutBoard.Position(Topics.DELIVERY_OUTCOMES, 1, 0));
		long commandsBefore = this.commands.get();
		long started = System.nanoTime();
		if (batch == 1) {
			outcomes.forEach((sighting) -> board.apply(sighting.event(), sighting.at()));
		}
		else {
			for (int from = 0; from < outcomes.size(); from += batch) {
				board.apply(outcomes.subList(from, Math.min(outcomes.size(), from + batch)));
			}
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		double commandsPerEvent = (double) (this.commands.get() - commandsBefore) / outcomes.size();
		return new Figures(outcomes.size() / seconds, commandsPerEvent, board.board(1).getFirst());
	}

	private record Figures(double perSecond, double commandsPerEvent, FanOutRow row) {
	}

}
