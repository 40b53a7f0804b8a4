package org.solidarityalerts.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dispatch.DispatchApplication;
import org.solidarityalerts.dispatch.subscriber.Cadence;
import org.solidarityalerts.dispatch.subscriber.Preferences;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.ingest.IngestApplication;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.Role;
import org.solidarityalerts.testsupport.JavaProcess;
import org.solidarityalerts.testsupport.WireServers;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.awaitility.Awaitility.await;

/**
 * One fan-out measured from end to end on a fresh stack: a KRaft broker and a Mongo wire
 * server in this JVM (or a real MongoDB, with {@code -Dbenchmark.mongodb.uri}), the
 * organisers' API in this JVM, dispatch in a JVM of its own, and {@code smtp-sink}
 * receiving. Urgent actions are posted and timed while the machine is idle and again
 * while the fan-out runs, and smtp-source measures the machine's limit in between.
 */
final class FanOutRun implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(FanOutRun.class);

	static final String APPEAL_CAMPAIGN = "bench-appeal";

	static final String URGENT_CAMPAIGN = "bench-urgent";

	static final String WARM_UP_CAMPAIGN = "bench-warm-up";

	static final String TRAINING_CAMPAIGN = "bench-training";

	private static final int URGENT_FOLLOWERS = 5;

	private static final String[][] PEOPLE = { { "en", "GB", "Europe/London" }, { "es", "ES", "Europe/Madrid" },
			{ "fr", "FR", "Europe/Paris" }, { "en", "US", "America/New_York" },
			{ "es", "AR", "America/Argentina/Buenos_Aires" } };

	private final BenchmarkSettings settings;

	private final int audience;

	private final Path directory;

	private final EmbeddedKafkaKraftBroker kafka;

	private final @Nullable MongoServer mongoServer;

	private final @Nullable IndexedMemoryBackend mongoBackend;

	private final String mongoUri;

	private final String database;

	private final MongoClient mongoClient;

	private final MongoTemplate mongo;

	private final SmtpSink sink;

	private final ConfigurableApplicationContext ingest;

	private final String key;

	private final String dispatchClassPath;

	private JavaProcess dispatch;

	private List<String> dispatchJvm;

	private final Path dispatchLog;

	private final Path gcLog;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	FanOutRun(BenchmarkSettings settings, int audience) throws Exception {
		this.settings = settings;
		this.audience = audience;
		this.directory = settings.output().resolve("run-" + audience);
		Files.createDirectories(this.directory);
		this.kafka = new EmbeddedKafkaKraftBroker(1, 1);
		this.kafka.afterPropertiesSet();
		this.database = "bench" + audience;
		if (settings.mongoUri() != null) {
			this.mongoServer = null;
			this.mongoBackend = null;
			this.mongoUri = settings.mongoUri();
		}
		else {
			this.mongoBackend = new IndexedMemoryBackend();
			this.mongoServer = new MongoServer(this.mongoBackend);
			InetSocketAddress address = WireServers.bind(this.mongoServer, "127.0.0.1", 0);
			this.mongoUri = "mongodb://127.0.0.1:" + address.getPort();
		}
		this.mongoClient = MongoClients.create(this.mongoUri);
		this.mongo = new MongoTemplate(this.mongoClient, this.database);
		this.mongo.getDb().drop();
		this.sink = SmtpSink.start(this.directory);
		this.ingest = startIngest(bootstrap(), this.mongoUri, this.database);
		this.key = organiserKey(this.ingest);
		this.dispatchLog = this.directory.resolve("dispatch.log");
		this.gcLog = this.directory.resolve("dispatch-gc.log");
		Files.deleteIfExists(this.gcLog);
		this.dispatchClassPath = settings.runsFromJar() ? DispatchJar.extract(this.directory.resolve("dispatch-jar"))
				: System.getProperty("java.class.path");
		if (settings.aotTraining() > 0) {
			// Training first, in a JVM of its own that writes the cache when it stops
			// (train()); the measured dispatch starts from that cache.
			Files.deleteIfExists(aotCache());
			this.dispatchJvm = dispatchJvm(this.directory.resolve("dispatch-training-gc.log"),
					List.of("-XX:AOTCacheOutput=" + aotCache().toAbsolutePath()), false);
			this.dispatch = startDispatch(this.directory.resolve("dispatch-training.log"));
		}
		else {
			this.dispatchJvm = dispatchJvm(this.gcLog, List.of(), this.settings.profile());
			this.dispatch = startDispatch(this.dispatchLog);
		}
	}

	private JavaProcess startDispatch(Path log) throws IOException {
		Files.deleteIfExists(log);
		JavaProcess started = JavaProcess.start(this.dispatchClassPath, DispatchApplication.class.getName(),
				this.dispatchJvm, dispatchProperties(), log);
		await().atMost(Duration.ofMinutes(2)).until(() -> started.output().contains("Started DispatchApplication"));
		return started;
	}

	private Path aotCache() {
		return this.directory.resolve("dispatch.aot");
	}

	private List<String> dispatchJvm(Path gcLog, List<String> aot, boolean profile) {
		List<String> options = new ArrayList<>(
				List.of("-Xmx" + this.settings.dispatchHeap(), "-Xlog:gc:file=" + gcLog.toAbsolutePath()));
		// Class sharing off, unless an ahead-of-time cache is used or written, which no
		// -Xshare option may accompany.
		if (aot.isEmpty()
				&& this.settings.dispatchOptions().stream().noneMatch((option) -> option.startsWith("-XX:AOT"))) {
			options.add("-Xshare:off");
		}
		options.addAll(aot);
		options.addAll(DeployedJvmOptions.of("alert-dispatch"));
		if (profile) {
			options.add("-XX:StartFlightRecording=filename=" + this.directory.resolve("dispatch.jfr").toAbsolutePath()
					+ ",settings=profile");
		}
		options.addAll(this.settings.dispatchOptions());
		return options;
	}

	/**
	 * Logs the Mongo wire server's scans (filters no index serves) made during the
	 * fan-out, the costliest first: they hold a collection's lock and cost the
	 * benchmark's JVM, not dispatch.
	 * @param what what the reads were
	 * @param before the reads before the fan-out
	 * @param after the reads after it
	 */
	private static void logReads(String what, Map<String, IndexedMemoryBackend.Scans> before,
			Map<String, IndexedMemoryBackend.Scans> after) {
		after.entrySet()
			.stream()
			.map((scans) -> Map.entry(scans.getKey(),
					scans.getValue().since(before.getOrDefault(scans.getKey(), IndexedMemoryBackend.Scans.NONE))))
			.filter((scans) -> scans.getValue().count() > 0)
			.sorted(Comparator
				.comparingLong((Map.Entry<String, IndexedMemoryBackend.Scans> scans) -> scans.getValue().documents())
				.reversed())
			.limit(8)
			.forEach((scans) -> logger.info("Mongo wire server {} during the fan-out: {} x {}, {} documents read", what,
					scans.getValue().count(), scans.getKey(), scans.getValue().documents()));
	}

	private Map<String, Object> dispatchProperties() {
		return dispatchProperties(this.settings, bootstrap(), this.mongoUri, this.database, this.sink.port());
	}

	/**
	 * Starts alert-ingest in this JVM as every benchmark runs it: the local profile (its
	 * development secrets: outside it ingest refuses to start without its own), no rate
	 * limit worth the name, quiet logs.
	 * @param bootstrap the Kafka brokers
	 * @param mongoUri the MongoDB server
	 * @param database the database
	 * @return the running application
	 */
	static ConfigurableApplicationContext startIngest(String bootstrap, String mongoUri, String database) {
		return IngestApplication.builder()
			.run("--spring.profiles.active=local", "--server.port=0", "--spring.kafka.bootstrap-servers=" + bootstrap,
					"--spring.mongodb.uri=" + mongoUri, "--spring.mongodb.database=" + database,
					"--alert.ingest.limits.requests-per-key=1000000", "--logging.level.root=WARN",
					"--logging.level.org.solidarityalerts=INFO");
	}

	/**
	 * Issues the benchmark's organiser key.
	 * @param ingest the running ingest
	 * @return the key
	 */
	static String organiserKey(ConfigurableApplicationContext ingest) {
		return ingest.getBean(ApiKeys.class).issue("bench-organisers", Role.ORGANISER, "benchmark").key();
	}

	/**
	 * The settings every benchmark's dispatch JVM runs with: its defaults in the local
	 * profile, the stack's servers, and the benchmark's own {@code benchmark.dispatch.*}.
	 * @param settings the benchmark's settings
	 * @param bootstrap the Kafka brokers
	 * @param mongoUri the MongoDB server
	 * @param database the database
	 * @param smtpPort the SMTP server's port on this machine
	 * @return the properties
	 */
	static Map<String, Object> dispatchProperties(BenchmarkSettings settings, String bootstrap, String mongoUri,
			String database, int smtpPort) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.config.name", DispatchApplication.CONFIG_NAME);
		properties.put("spring.profiles.active", "local");
		properties.put("server.port", 0);
		properties.put("spring.kafka.bootstrap-servers", bootstrap);
		properties.put("spring.mongodb.uri", mongoUri);
		properties.put("spring.mongodb.database", database);
		properties.put("spring.mail.host", "127.0.0.1");
		properties.put("spring.mail.port", smtpPort);
		properties.put("logging.level.org.solidarityalerts.dispatch.mail.SmtpSender", "DEBUG");
		properties.putAll(settings.dispatchProperties());
		return properties;
	}

	private String bootstrap() {
		return this.kafka.getBrokersAsString();
	}

	/**
	 * Runs the whole measurement.
	 * @return the figures
	 */
	Figures measure() throws Exception {
		long generation = System.nanoTime();
		generateSubscribers();
		Duration generated = Duration.ofNanos(System.nanoTime() - generation);
		logger.info("{} subscribers generated in {} s", this.audience, generated.toMillis() / 1000.0);
		if (this.settings.aotTraining() > 0) {
			train();
		}

		for (int i = 0; i < 3; i++) {
			urgentLatency();
		}
		List<Duration> idle = new ArrayList<>();
		for (int i = 0; i < this.settings.urgentProbes(); i++) {
			idle.add(urgentLatency());
		}
		int messageSize = (int) (this.sink.bytes() / Math.max(1, this.sink.messages()));
		int connections = this.settings.smtpConnections();
		CpuSpent.Meter limitMeter = CpuSpent.start(this.dispatch.handle(), this.sink.handle());
		SmtpSource.Limit limit = SmtpSource.measure(this.sink.port(), connections, this.settings.limitMessages(),
				messageSize);
		CpuSpent limitCpu = limitMeter.stop();
		logger.info(
				"smtp-source -> smtp-sink: {} messages/s ({} sessions, {} bytes), {} µs of smtp-source's CPU per message",
				Math.round(limit.perSecond()), connections, messageSize, Math.round(limit.cpuPerMessage()));

		if (this.settings.warmUp() > 0) {
			warmUp();
		}

		long connectionsBefore = connectionsOpened();
		CpuSpent.Meter fanOutMeter = CpuSpent.start(this.dispatch.handle(), this.sink.handle());
		DispatchCpu.Recorder dispatchCpu = DispatchCpu.start(this.dispatch.handle());
		Map<String, IndexedMemoryBackend.Scans> scansBefore = (this.mongoBackend != null) ? this.mongoBackend.scans()
				: Map.of();
		Map<String, IndexedMemoryBackend.Scans> indexReadsBefore = (this.mongoBackend != null)
				? this.mongoBackend.indexReads() : Map.of();
		long posted = System.nanoTime();
		String appeal = post(alert(AlertKind.APPEAL, APPEAL_CAMPAIGN));
		UrgentProber prober = new UrgentProber();
		Thread probing = Thread.ofVirtual().start(prober);
		SmtpSink.Arrivals arrivals = this.sink.arrivals(appeal);
		Duration allowed = Duration.ofSeconds(120 + this.audience / 100);
		await().atMost(allowed).pollInterval(Duration.ofMillis(50)).until(() -> arrivals.count() >= this.audience / 2);
		// Halfway through, a full collection shows what dispatch really keeps while it
		// fans out (its GC log records it).
		ProcessStats.collectFully(this.dispatch.handle());
		await().atMost(allowed).pollInterval(Duration.ofMillis(50)).until(() -> arrivals.count() >= this.audience);
		long finished = System.nanoTime();
		CpuSpent fanOutCpu = fanOutMeter.stop();
		DispatchCpu.Timeline dispatchTimeline = dispatchCpu.stop();
		prober.stop();
		probing.join();
		List<Duration> during = prober.latencies();
		List<UrgentPath> slowest = urgentPaths(prober.slowest(5), posted);
		slowest.forEach((path) -> logger.info(
				"Urgent action posted {} ms after the appeal: first e-mail after {} ms: {} (alert {}, posted at {})",
				path.postedAfterAppeal().toMillis(), path.latency().toMillis(), path.stretches(), path.alertId(),
				path.posted()));
		if (this.mongoBackend != null) {
			logReads("scans", scansBefore, this.mongoBackend.scans());
			logReads("index reads", indexReadsBefore, this.mongoBackend.indexReads());
		}

		awaitLedgerSettled(appeal, this.audience);
		long peakRss = ProcessStats.peakRss(this.dispatch.handle());
		long connectionsUsed = connectionsOpened() - connectionsBefore;
		AudienceStage stage = audienceStage(appeal);

		int received = arrivals.count();
		int tenth = Math.max(1, this.audience / 10);
		double steady = (received >= 10) ? (arrivals.nth(this.audience - tenth) - arrivals.nth(tenth)) / 1e9 : 0;
		double steadyRate = (steady > 0) ? (this.audience - 2.0 * tenth) / steady : 0;
		DispatchCpu.Part steadyCpu = (steady > 0)
				? dispatchTimeline.between(arrivals.nth(tenth), arrivals.nth(this.audience - tenth))
				: DispatchCpu.Part.NONE;
		DispatchCpu.ByThread threads = dispatchTimeline.byThread();
		double sendingSeconds = (arrivals.last() - arrivals.first()) / 1e9;
		Figures figures = new Figures(this.audience, generated, limit, messageSize,
				Duration.ofNanos(arrivals.first() - posted), Duration.ofNanos(arrivals.last() - posted),
				this.audience / sendingSeconds, steadyRate, connectionsUsed, stage.seconds(), stage.batches(),
				fanOutCpu, threads, steadyCpu, (steady > 0) ? this.audience - 2L * tenth : 0, limitCpu,
				ProcessStats.heap(this.gcLog), peakRss, Percentiles.of(idle), Percentiles.of(during),
				this.audience - received, this.sink.duplicates(), shown(this.dispatchJvm), this.settings.warmUp(),
				this.settings.runsFromJar(), this.settings.aotTraining(), slowest);
		logger
			.info("Dispatch: {} µs of CPU per delivery, {} times smtp-source's {} µs per message; {} deliveries/s, {} of smtp-source's rate; "
					+ "by thread ({}): {} µs, {} of {} µs sampled; steady (10th to 90th percentile): {} µs, {} of them sending",
					Math.round(figures.perDelivery(fanOutCpu.dispatch())),
					String.format(Locale.ROOT, "%.1f", figures.cpuToFloor()), Math.round(limit.cpuPerMessage()),
					Math.round(steadyRate), String.format(Locale.ROOT, "%.2f", figures.ratioToLimit()),
					DispatchCpu.ByThread.labels(), threads.micros(this.audience),
					Math.round(figures.perDelivery(threads.threads())),
					Math.round(figures.perDelivery(threads.process())),
					Math.round(figures.perSteadyDelivery(steadyCpu.process())),
					Math.round(figures.perSteadyDelivery(steadyCpu.sending())));
		return figures;
	}

	/**
	 * JVM options as the report shows them: paths within the run's directory are relative
	 * to it.
	 */
	private List<String> shown(List<String> options) {
		String prefix = this.directory.toAbsolutePath() + "/";
		return options.stream().map((option) -> option.replace(prefix, "")).toList();
	}

	private void generateSubscribers() {
		Instant now = Instant.now();
		int chunk = 10_000;
		List<Subscriber> subscribers = new ArrayList<>(chunk);
		int warmUpEnd = this.audience + URGENT_FOLLOWERS + this.settings.warmUp();
		for (int i = 0; i < warmUpEnd + this.settings.aotTraining(); i++) {
			String campaign = (i < this.audience) ? APPEAL_CAMPAIGN : (i < this.audience + URGENT_FOLLOWERS)
					? URGENT_CAMPAIGN : (i < warmUpEnd) ? WARM_UP_CAMPAIGN : TRAINING_CAMPAIGN;
			String id = UUID.randomUUID().toString();
			String email = "reader-" + i + "@bench.example";
			String[] person = PEOPLE[i % PEOPLE.length];
			subscribers.add(new Subscriber(id, email, email, "Reader " + i, person[1], List.of(person[0]), person[2],
					SubscriberStatus.CONFIRMED,
					new Preferences(List.of(campaign), List.of(), List.of(AlertKind.values()), Cadence.IMMEDIATE), now,
					now));
			if (subscribers.size() == chunk) {
				this.mongo.insertAll(subscribers);
				subscribers.clear();
			}
		}
		this.mongo.insertAll(subscribers);
	}

	/**
	 * Sends a fan-out to the warm-up campaign's followers and waits for all of it, so
	 * that the measured fan-out meets a dispatch whose JIT compiler has compiled the send
	 * path.
	 */
	private void warmUp() throws Exception {
		long started = System.nanoTime();
		fanOut(WARM_UP_CAMPAIGN, this.settings.warmUp());
		logger.info("Warm-up fan-out of {} sent in {} s", this.settings.warmUp(),
				Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0);
	}

	/**
	 * Trains JDK 25's ahead-of-time cache (JEP 483, 514, 515: classes loaded and linked,
	 * method profiles) on a fan-out to the training campaign's followers, sent by a
	 * dispatch JVM that writes the cache when it stops; then starts the dispatch to be
	 * measured from that cache, as a container image built with a training run would
	 * start.
	 */
	private void train() throws Exception {
		long started = System.nanoTime();
		fanOut(TRAINING_CAMPAIGN, this.settings.aotTraining());
		this.dispatch.stop();
		if (!Files.exists(aotCache())) {
			throw new IllegalStateException("The training dispatch wrote no ahead-of-time cache; see "
					+ this.directory.resolve("dispatch-training.log"));
		}
		logger.info("Ahead-of-time cache trained on a fan-out of {} in {} s ({} MiB)", this.settings.aotTraining(),
				Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0,
				Files.size(aotCache()) / (1024 * 1024));
		this.dispatchJvm = dispatchJvm(this.gcLog, List.of("-XX:AOTCache=" + aotCache().toAbsolutePath()),
				this.settings.profile());
		this.dispatch = startDispatch(this.dispatchLog);
	}

	private void fanOut(String campaign, int followers) throws Exception {
		String alert = post(alert(AlertKind.APPEAL, campaign));
		SmtpSink.Arrivals arrivals = this.sink.arrivals(alert);
		await().atMost(Duration.ofSeconds(120 + followers / 100))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> arrivals.count() >= followers);
		awaitLedgerSettled(alert, followers);
	}

	/**
	 * Posts an urgent action to the few followers of its campaign and waits for the first
	 * of its e-mails.
	 * @return from the request to the first e-mail accepted by the sink
	 */
	private Duration urgentLatency() throws Exception {
		return urgent().latency();
	}

	/**
	 * Posts an urgent action to the few followers of its campaign and waits for the first
	 * of its e-mails.
	 * @return the urgent action, when it was posted and how long its first e-mail took
	 */
	private Urgent urgent() throws Exception {
		Instant postedAt = Instant.now();
		long started = System.nanoTime();
		String id = post(alert(AlertKind.URGENT_ACTION, URGENT_CAMPAIGN));
		Duration answered = Duration.ofNanos(System.nanoTime() - started);
		SmtpSink.Arrivals arrivals = this.sink.arrivals(id);
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2)).until(() -> arrivals.count() > 0);
		return new Urgent(id, postedAt, answered, Duration.ofNanos(arrivals.first() - started));
	}

	/**
	 * An urgent action, timed.
	 *
	 * @param alertId its id
	 * @param postedAt when it was posted
	 * @param answered from its post to the API's answer
	 * @param latency from its post to its first e-mail
	 */
	private record Urgent(String alertId, Instant postedAt, Duration answered, Duration latency) {
	}

	private String post(String body) throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port(this.ingest) + "/api/v1/alerts"))
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

	static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	static String alert(AlertKind kind, String campaign) throws IOException {
		String example = Files.readString(Path.of("../docs/examples/urgent-action.json"), StandardCharsets.UTF_8);
		return example.replace("2027-11-25T09:00:00Z", Instant.now().plus(3, ChronoUnit.DAYS).toString())
			.replace("free-dana-serikova", campaign)
			.replace("\"urgent-action\"", "\"" + WireFormat.name(kind) + "\"");
	}

	private void awaitLedgerSettled(String alertId, int sent) {
		await().atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> this.mongo.getCollection("deliveries")
				.countDocuments(new Document("alertId", alertId).append("status", "sent")) == sent);
	}

	private long connectionsOpened() {
		return this.dispatch.output().lines().filter((line) -> line.contains("Opened SMTP connection")).count();
	}

	/**
	 * When the audience stage put the first and the last batch of an alert on the
	 * delivery topic, from the records' timestamps.
	 */
	private AudienceStage audienceStage(String alertId) {
		LongSummaryStatistics timestamps = new LongSummaryStatistics();
		readTopic(Topics.DELIVERIES_BULK, (record) -> {
			if (record.key() != null && record.key().startsWith(alertId)) {
				timestamps.accept(record.timestamp());
			}
		});
		int batches = (int) timestamps.getCount();
		return new AudienceStage((batches > 1) ? (timestamps.getMax() - timestamps.getMin()) / 1000.0 : 0, batches);
	}

	/**
	 * Where the slowest urgent actions' time went: when each reached
	 * {@code alerts.urgent} and when its first batch reached {@code deliveries.urgent},
	 * from the records' timestamps.
	 */
	private List<UrgentPath> urgentPaths(List<Probe> probes, long appealPosted) {
		Set<String> ids = probes.stream().map((probe) -> probe.urgent().alertId()).collect(Collectors.toSet());
		Map<String, Instant> onAlerts = firstRecords(Topics.ALERTS_URGENT, ids);
		Map<String, Instant> onDeliveries = firstRecords(Topics.DELIVERIES_URGENT, ids);
		return probes.stream().map((probe) -> {
			Urgent urgent = probe.urgent();
			return new UrgentPath(urgent.alertId(), Duration.ofNanos(probe.posted() - appealPosted), urgent.postedAt(),
					urgent.postedAt().plus(urgent.answered()), onAlerts.get(urgent.alertId()),
					onDeliveries.get(urgent.alertId()), urgent.postedAt().plus(urgent.latency()));
		}).toList();
	}

	/**
	 * The earliest record of each of the given alerts on a topic (keyed by the alert's
	 * id, or by its version's key and a batch number).
	 */
	private Map<String, Instant> firstRecords(String topic, Set<String> alertIds) {
		Map<String, Instant> first = new HashMap<>();
		readTopic(topic, (record) -> {
			String key = (record.key() != null) ? record.key() : "";
			int end = key.indexOf(':');
			String alertId = (end < 0) ? key : key.substring(0, end);
			if (alertIds.contains(alertId)) {
				first.merge(alertId, Instant.ofEpochMilli(record.timestamp()),
						(one, other) -> one.isBefore(other) ? one : other);
			}
		});
		return first;
	}

	/**
	 * Reads every record a topic holds now, from its beginning.
	 */
	private void readTopic(String topic, Consumer<ConsumerRecord<String, byte[]>> reader) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(), ConsumerConfig.GROUP_ID_CONFIG,
						"benchmark-" + UUID.randomUUID(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
						ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30))
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
				consumer.poll(Duration.ofMillis(500)).forEach(reader);
			}
		}
	}

	private record AudienceStage(double seconds, int batches) {
	}

	/**
	 * One urgent action posted during the fan-out.
	 *
	 * @param posted when it was posted ({@link System#nanoTime()})
	 * @param urgent the urgent action, timed
	 */
	private record Probe(long posted, Urgent urgent) {

		Duration latency() {
			return this.urgent.latency();
		}

	}

	@Override
	public void close() throws Exception {
		this.dispatch.stop();
		this.ingest.close();
		this.sink.close();
		this.mongoClient.close();
		if (this.mongoServer != null) {
			this.mongoServer.shutdownNow();
		}
		this.kafka.destroy();
		this.http.close();
	}

	/**
	 * Posts an urgent action every interval while the fan-out runs, and times each to its
	 * first e-mail.
	 */
	private final class UrgentProber implements Runnable {

		private volatile boolean running = true;

		private final List<Probe> probes = Collections.synchronizedList(new ArrayList<>());

		@Override
		public void run() {
			List<Thread> waiting = new ArrayList<>();
			while (this.running) {
				long next = System.nanoTime() + FanOutRun.this.settings.urgentInterval().toNanos();
				waiting.add(Thread.ofVirtual().start(() -> {
					try {
						long started = System.nanoTime();
						this.probes.add(new Probe(started, urgent()));
					}
					catch (Exception ex) {
						logger.error("An urgent action during the fan-out failed", ex);
					}
				}));
				// A generous bound: at 1M the benchmark's JVM can stall its threads for
				// seconds (a full collection), and the prober must outlive that.
				await().atMost(FanOutRun.this.settings.urgentInterval().plusMinutes(1))
					.pollInterval(Duration.ofMillis(10))
					.until(() -> !this.running || System.nanoTime() >= next);
			}
			for (Thread thread : waiting) {
				try {
					thread.join();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

		void stop() {
			this.running = false;
		}

		List<Duration> latencies() {
			return this.probes.stream().map(Probe::latency).toList();
		}

		List<Probe> slowest(int count) {
			return this.probes.stream().sorted(Comparator.comparing(Probe::latency).reversed()).limit(count).toList();
		}

	}

}
