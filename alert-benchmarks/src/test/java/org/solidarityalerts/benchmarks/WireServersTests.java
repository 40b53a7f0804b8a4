package org.solidarityalerts.benchmarks;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.testsupport.WireServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A long command on one connection of the benchmark's Mongo wire server holds up no other
 * connection (as on MongoDB), where the wire server as shipped holds up every connection
 * that shares the long command's thread: an urgent action's writes waited seconds behind
 * a fan-out's audience query that way.
 */
class WireServersTests {

	private final HeldQueries backend = new HeldQueries();

	private final MongoServer server = new MongoServer(this.backend);

	private final List<MongoClient> clients = new ArrayList<>();

	private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

	@AfterEach
	void stop() {
		this.backend.release.countDown();
		this.callers.shutdownNow();
		this.clients.forEach(MongoClient::close);
		this.server.shutdownNow();
	}

	@Test
	void otherConnectionsAreServedWhileOneWaitsForALongQuery() {
		String uri = uri(WireServers.bind(this.server, "127.0.0.1", 0));
		CompletableFuture<?> held = hold(uri);
		List<CompletableFuture<?>> writes = writes(uri, 12);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(writes).allSatisfy((write) -> assertThat(write).isCompleted()));
		assertThat(held).isNotDone();
		this.backend.release.countDown();
		await().atMost(Duration.ofSeconds(30)).until(held::isDone);
		assertThat(held).isCompleted();
	}

	@Test
	void asShippedAConnectionSharingTheLongQuerysThreadWaitsForIt() {
		// One thread for every connection, the extreme of the wire server's default (two
		// per core, shared by all connections).
		this.server.bind(new InetSocketAddress("127.0.0.1", 0), 1, 1);
		String uri = uri(this.server.getLocalAddress());
		CompletableFuture<?> held = hold(uri);
		List<CompletableFuture<?>> writes = writes(uri, 1);
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(writes.getFirst()).isNotDone());
		this.backend.release.countDown();
		await().atMost(Duration.ofSeconds(30)).until(() -> held.isDone() && writes.getFirst().isDone());
		assertThat(writes.getFirst()).isCompleted();
	}

	/**
	 * Starts a query the server holds until released, and waits until the server has it.
	 */
	private CompletableFuture<?> hold(String uri) {
		MongoClient client = client(uri);
		CompletableFuture<?> held = CompletableFuture
			.runAsync(() -> client.getDatabase("test").getCollection(HeldQueries.HELD).find().first(), this.callers);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.backend.entered.getCount() == 0);
		return held;
	}

	/**
	 * Writes once from each of several clients, each on connections of its own.
	 */
	private List<CompletableFuture<?>> writes(String uri, int count) {
		List<CompletableFuture<?>> writes = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			MongoClient client = client(uri);
			org.bson.Document written = new org.bson.Document("writer", i);
			writes.add(CompletableFuture
				.runAsync(() -> client.getDatabase("test").getCollection("alerts").insertOne(written), this.callers));
		}
		return writes;
	}

	private MongoClient client(String uri) {
		MongoClient client = MongoClients.create(uri);
		this.clients.add(client);
		return client;
	}

	private static String uri(InetSocketAddress address) {
		return "mongodb://127.0.0.1:" + address.getPort();
	}

	/**
	 * A backend whose queries of one collection wait until the test releases them, on the
	 * thread that serves their connection.
	 */
	private static final class HeldQueries extends MemoryBackend {

		static final String HELD = "held";

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@Override
		public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
			if ("find".equals(command) && HELD.equals(query.get("find"))) {
				this.entered.countDown();
				try {
					this.release.await(1, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return super.handleCommand(channel, databaseName, command, query);
		}

	}

}
