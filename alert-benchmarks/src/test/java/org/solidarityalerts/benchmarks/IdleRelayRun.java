package org.solidarityalerts.benchmarks;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dispatch.DispatchApplication;
import org.solidarityalerts.dispatch.subscriber.Cadence;
import org.solidarityalerts.dispatch.subscriber.Preferences;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.testsupport.JavaProcess;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;
import org.solidarityalerts.testsupport.WireServers;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.awaitility.Awaitility.await;

/**
 * Urgent actions after idle spells, through a relay that drops idle connections: the
 * stack of {@link FanOutRun} (a KRaft broker and a Mongo wire server in this JVM, the
 * organisers' API in this JVM, dispatch in a JVM of its own with its default settings),
 * but with a {@link ScriptedSmtpServer} as the relay, which answers 421 and closes any
 * connection idle for {@link IdleRelaySettings#relayTimeout()}, as real relays do. Each
 * try leaves the stack idle for {@link IdleRelaySettings#spell()}, then posts an urgent
 * action to five followers and times it from the post to the relay accepting its first
 * e-mail.
 */
final class IdleRelayRun implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(IdleRelayRun.class);

	private static final int URGENT_FOLLOWERS = 5;

	private static final int WARM_UP = 3;

	private final IdleRelaySettings idle;

	private final Path directory;

	private final EmbeddedKafkaKraftBroker kafka;

	private final @Nullable MongoServer mongoServer;

	private final String mongoUri;

	private final String database = "benchidle";

	private final MongoClient mongoClient;

	private final ScriptedSmtpServer relay;

	private final ConfigurableApplicationContext ingest;

	private final String key;

	private final JavaProcess dispatch;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	IdleRelayRun(BenchmarkSettings settings, IdleRelaySettings idle) throws Exception {
		this.idle = idle;
		this.directory = settings.output().resolve("idle-relay");
		Files.createDirectories(this.directory);
		this.kafka = new EmbeddedKafkaKraftBroker(1, 1);
		this.kafka.afterPropertiesSet();
		if (settings.mongoUri() != null) {
			this.mongoServer = null;
			this.mongoUri = settings.mongoUri();
		}
		else {
			this.mongoServer = new MongoServer(new IndexedMemoryBackend());
			InetSocketAddress address = WireServers.bind(this.mongoServer, "127.0.0.1", 0);
			this.mongoUri = "mongodb://127.0.0.1:" + address.getPort();
		}
		this.mongoClient = MongoClients.create(this.mongoUri);
		MongoTemplate mongo = new MongoTemplate(this.mongoClient, this.database);
		mongo.getDb().drop();
		mongo.insertAll(followers());
		this.relay = new ScriptedSmtpServer(ScriptedSmtpServer.Relay.PLAIN.idleTimeout(idle.relayTimeout()));
		this.ingest = FanOutRun.startIngest(this.kafka.getBrokersAsString(), this.mongoUri, this.database);
		this.key = FanOutRun.organiserKey(this.ingest);
		Path log = this.directory.resolve("dispatch.log");
		Files.deleteIfExists(log);
		this.dispatch = JavaProcess.start(DispatchApplication.class.getName(),
				Stream
					.concat(Stream.of("-Xmx" + settings.dispatchHeap(), "-Xshare:off"),
							DeployedJvmOptions.of("alert-dispatch").stream())
					.toList(),
				FanOutRun.dispatchProperties(settings, this.kafka.getBrokersAsString(), this.mongoUri, this.database,
						this.relay.port()),
				log);
		await().atMost(Duration.ofMinutes(2))
			.until(() -> this.dispatch.output().contains("Started DispatchApplication"));
	}

	private static List<Subscriber> followers() {
		Instant now = Instant.now();
		List<Subscriber> followers = new ArrayList<>();
		for (int i = 0; i < URGENT_FOLLOWERS; i++) {
			String email = "reader-" + i + "@bench.example";
			followers.add(new Subscriber(UUID.randomUUID().toString(), email, email, "Reader " + i, "GB", List.of("en"),
					"Europe/London", SubscriberStatus.CONFIRMED, new Preferences(List.of(FanOutRun.URGENT_CAMPAIGN),
							List.of(), List.of(AlertKind.values()), Cadence.IMMEDIATE),
					now, now));
		}
		return followers;
	}

	/**
	 * Runs the warm-up and the tries.
	 * @return the figures
	 */
	IdleRelayFigures measure() throws Exception {
		for (int i = 0; i < WARM_UP; i++) {
			urgentLatency();
		}
		List<IdleRelayFigures.Try> tries = new ArrayList<>();
		for (int i = 0; i < this.idle.tries(); i++) {
			int accepted = this.relay.received().size();
			int ended = this.relay.sessionsEnded();
			long retries = dispatchLogLines("trying again on a fresh one");
			long opened = dispatchLogLines("Opened SMTP connection");
			// The idle spell is the scenario itself, not a wait for an outcome: nothing
			// is
			// posted for the whole spell, and Awaitility's during() checks all along that
			// the relay stays idle (accepts nothing), so the dispatch JVM is left alone
			// while the relay's idle timeout and dispatch's own idle sweep take their
			// course.
			await().during(this.idle.spell())
				.atMost(this.idle.spell().plusSeconds(30))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> this.relay.received().size() == accepted);
			int openAtPost = this.relay.sessionsOpen();
			int endedInSpell = this.relay.sessionsEnded() - ended;
			Duration latency = urgentLatency();
			IdleRelayFigures.Try done = new IdleRelayFigures.Try(latency, openAtPost, endedInSpell,
					dispatchLogLines("Opened SMTP connection") - opened,
					dispatchLogLines("trying again on a fresh one") - retries);
			logger.info("Try {} of {}: {}", i + 1, this.idle.tries(), done);
			tries.add(done);
		}
		return new IdleRelayFigures(this.idle, tries);
	}

	/**
	 * Posts an urgent action to the five followers of its campaign and waits for the
	 * relay to accept the first of its e-mails, then for the rest. The wait allows for a
	 * deferral (retried after 30 s or more), so that a failure shows in the figures
	 * rather than as an error.
	 * @return from the request to the first e-mail accepted by the relay
	 */
	private Duration urgentLatency() throws Exception {
		Instant started = Instant.now();
		String id = post(FanOutRun.alert(AlertKind.URGENT_ACTION, FanOutRun.URGENT_CAMPAIGN));
		String prefix = "<" + id + ".";
		Instant[] first = new Instant[1];
		await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(2)).until(() -> {
			List<Instant> accepted = accepted(prefix);
			first[0] = accepted.isEmpty() ? null : accepted.getFirst();
			return first[0] != null;
		});
		// The other followers' e-mails follow; the next spell starts once all are in.
		await().atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> accepted(prefix).size() >= URGENT_FOLLOWERS);
		return Duration.between(started, first[0]);
	}

	/** When the relay accepted each e-mail whose Message-ID starts so, in order. */
	private List<Instant> accepted(String messageIdPrefix) throws MessagingException {
		// Both lists only grow while the benchmark runs, in the same order.
		List<Instant> at = this.relay.acceptedAt();
		List<MimeMessage> messages = this.relay.received();
		List<Instant> matching = new ArrayList<>();
		for (int i = 0; i < Math.min(at.size(), messages.size()); i++) {
			String messageId = messages.get(i).getMessageID();
			if (messageId != null && messageId.startsWith(messageIdPrefix)) {
				matching.add(at.get(i));
			}
		}
		return matching;
	}

	private String post(String body) throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + FanOutRun.port(this.ingest) + "/api/v1/alerts"))
			.header("Authorization", "Bearer " + this.key)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 202) {
			throw new IllegalStateException("The API answered " + response.statusCode() + ": " + response.body());
		}
		return WireFormat.jsonMapper().readTree(response.body()).path("id").asString();
	}

	private long dispatchLogLines(String text) {
		return this.dispatch.output().lines().filter((line) -> line.contains(text)).count();
	}

	@Override
	public void close() throws Exception {
		this.dispatch.stop();
		this.ingest.close();
		this.relay.close();
		this.mongoClient.close();
		if (this.mongoServer != null) {
			this.mongoServer.shutdownNow();
		}
		this.kafka.destroy();
		this.http.close();
	}

}
