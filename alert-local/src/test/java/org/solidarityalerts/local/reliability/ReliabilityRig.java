package org.solidarityalerts.local.reliability;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
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
import org.solidarityalerts.testsupport.DeliveryOracle;
import org.solidarityalerts.testsupport.TestInfrastructure;
import org.solidarityalerts.testsupport.TopicReader;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the reliability scenarios share: ingest running in this JVM and answering on a
 * loopback port, subscribers written straight into MongoDB, alerts posted through the
 * organisers' API, dispatch instances started with settings short enough for a test, and
 * a {@link DeliveryOracle} that knows every alert the API acknowledged and who should
 * receive it.
 */
final class ReliabilityRig implements AutoCloseable {

	static final String ORGANISATION = "justice-for-dana";

	private final String bootstrap;

	private final String mongoUri;

	private final MongoTemplate mongo;

	private final ConfigurableApplicationContext ingest;

	private final String key;

	private TopicReader deadLetters;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final List<ConfigurableApplicationContext> dispatches = new ArrayList<>();

	ReliabilityRig(String bootstrap, String mongoUri, MongoClient mongoClient) {
		this(bootstrap, mongoUri, mongoClient, Map.of());
	}

	/**
	 * Starts ingest with settings of its own on top of the rig's.
	 */
	ReliabilityRig(String bootstrap, String mongoUri, MongoClient mongoClient, Map<String, Object> ingestProperties) {
		this.bootstrap = bootstrap;
		this.mongoUri = mongoUri;
		this.mongo = new MongoTemplate(mongoClient, TestInfrastructure.DATABASE);
		List<String> arguments = new ArrayList<>(List.of("--spring.profiles.active=local", "--server.port=0",
				"--spring.kafka.bootstrap-servers=" + bootstrap, "--spring.mongodb.uri=" + mongoUri,
				"--spring.mongodb.database=" + TestInfrastructure.DATABASE,
				"--alert.ingest.relay.poll-interval=200ms"));
		ingestProperties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		this.ingest = IngestApplication.builder().run(arguments.toArray(String[]::new));
		this.key = this.ingest.getBean(ApiKeys.class).issue(ORGANISATION, Role.ORGANISER, "reliability").key();
	}

	/**
	 * An oracle over the given SMTP servers, the ledger and the dead-letter topic.
	 */
	@SafeVarargs
	final DeliveryOracle oracle(java.util.function.Supplier<List<jakarta.mail.internet.MimeMessage>>... servers) {
		return new DeliveryOracle(this.mongo.getCollection("deliveries"), this::deadLetters, servers);
	}

	/**
	 * The dead letters of deliveries, read from the topic once dispatch has created it.
	 */
	synchronized List<ConsumerRecord<String, byte[]>> deadLetters() {
		if (this.deadLetters == null) {
			this.deadLetters = new TopicReader(this.bootstrap, Topics.deadLetterOf(Topics.DELIVERY_RETRIES));
		}
		return this.deadLetters.records();
	}

	/**
	 * Dispatch's settings for a test: short claims and retries, small batches, few SMTP
	 * connections, quick consumer failure detection.
	 */
	Map<String, Object> dispatchProperties(int smtpPort) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.config.name", DispatchApplication.CONFIG_NAME);
		properties.put("spring.profiles.active", "local");
		properties.put("server.port", 0);
		properties.put("spring.kafka.bootstrap-servers", this.bootstrap);
		properties.put("spring.mongodb.uri", this.mongoUri);
		properties.put("spring.mongodb.database", TestInfrastructure.DATABASE);
		properties.put("spring.mail.host", "127.0.0.1");
		properties.put("spring.mail.port", smtpPort);
		properties.put("alert.dispatch.smtp.connections", 2);
		properties.put("alert.dispatch.smtp.read-timeout", "2s");
		properties.put("alert.dispatch.smtp.connect-timeout", "2s");
		properties.put("alert.dispatch.fan-out.batch-size", 10);
		properties.put("alert.dispatch.fan-out.checkpoint-every", 1);
		properties.put("alert.dispatch.delivery.claim-timeout", "4s");
		properties.put("alert.dispatch.delivery.first-retry-after", "500ms");
		properties.put("alert.dispatch.delivery.backoff-multiplier", 1);
		properties.put("alert.dispatch.delivery.max-attempts", 40);
		properties.put("spring.kafka.consumer.properties.session.timeout.ms", 6000);
		properties.put("spring.kafka.consumer.properties.heartbeat.interval.ms", 1000);
		return properties;
	}

	/**
	 * Starts a dispatch instance in this JVM.
	 */
	ConfigurableApplicationContext startDispatch(Map<String, Object> properties) {
		List<String> arguments = new ArrayList<>();
		properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		ConfigurableApplicationContext dispatch = DispatchApplication.builder().run(arguments.toArray(String[]::new));
		this.dispatches.add(dispatch);
		return dispatch;
	}

	/**
	 * Confirmed subscribers who follow a campaign.
	 * @return their ids
	 */
	List<String> followers(String campaign, int count) {
		List<Subscriber> subscribers = new ArrayList<>(count);
		Instant now = Instant.now();
		for (int i = 0; i < count; i++) {
			String id = UUID.randomUUID().toString();
			String email = "reader-" + i + "-" + id.substring(0, 8) + "@example.org";
			subscribers.add(new Subscriber(id, email, email, "Reader " + i, "GB", List.of("en"), "Europe/London",
					SubscriberStatus.CONFIRMED,
					new Preferences(List.of(campaign), List.of(), List.of(AlertKind.values()), Cadence.IMMEDIATE), now,
					now));
		}
		this.mongo.insertAll(subscribers);
		return subscribers.stream().map(Subscriber::id).toList();
	}

	/**
	 * No thread hung: every listener container of every running dispatch instance is
	 * still running, in the state it is expected to be in, and no consumer thread has
	 * been stuck in dispatch's code across two thread dumps a second apart.
	 */
	void assertNoListenerStoppedOrHung() {
		for (ConfigurableApplicationContext dispatch : this.dispatches) {
			if (!dispatch.isActive()) {
				continue;
			}
			for (var container : dispatch.getBean(org.springframework.kafka.config.KafkaListenerEndpointRegistry.class)
				.getListenerContainers()) {
				assertThat(container.isRunning()).as(container.getListenerId()).isTrue();
				assertThat(container.isInExpectedState()).as(container.getListenerId()).isTrue();
			}
		}
		Map<Long, String> before = stacksInDispatch();
		org.awaitility.Awaitility.await()
			.pollDelay(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> {
				Map<Long, String> after = stacksInDispatch();
				before
					.forEach((thread, stack) -> assertThat(after.get(thread)).as("thread %d stuck in %s", thread, stack)
						.isNotEqualTo(stack));
			});
	}

	private static Map<Long, String> stacksInDispatch() {
		Map<Long, String> stacks = new LinkedHashMap<>();
		for (var info : java.lang.management.ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
			StringBuilder stack = new StringBuilder();
			boolean ours = false;
			for (StackTraceElement frame : info.getStackTrace()) {
				ours |= frame.getClassName().startsWith("org.solidarityalerts.dispatch");
				stack.append(frame).append('\n');
			}
			if (ours) {
				stacks.put(info.getThreadId(), stack.toString());
			}
		}
		return stacks;
	}

	/**
	 * The ids of a campaign's followers.
	 */
	List<String> followerIds(String campaign) {
		return this.mongo
			.find(org.springframework.data.mongodb.core.query.Query.query(
					org.springframework.data.mongodb.core.query.Criteria.where("preferences.campaigns").is(campaign)),
					Subscriber.class)
			.stream()
			.map(Subscriber::id)
			.toList();
	}

	/**
	 * A subscriber's address, for scripting the SMTP server.
	 */
	String emailOf(String subscriberId) {
		return this.mongo.findById(subscriberId, Subscriber.class).email();
	}

	/**
	 * Posts an urgent action for a campaign; the API must acknowledge it.
	 * @return the alert's id
	 */
	String postUrgentAction(String campaign) throws Exception {
		HttpResponse<String> response = post(campaign);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return WireFormat.jsonMapper().readTree(response.body()).path("id").asString();
	}

	HttpResponse<String> post(String campaign) throws Exception {
		String body = urgentAction(campaign);
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingestPort() + "/api/v1/alerts"))
			.header("Authorization", "Bearer " + this.key)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	int ingestPort() {
		return ((WebServerApplicationContext) this.ingest).getWebServer().getPort();
	}

	String bootstrap() {
		return this.bootstrap;
	}

	MongoTemplate mongo() {
		return this.mongo;
	}

	long ledgerEntries(String alertId, String status) {
		return this.mongo.getCollection("deliveries")
			.countDocuments(new Document("alertId", alertId).append("status", status));
	}

	private static String urgentAction(String campaign) throws Exception {
		String example = Files.readString(Path.of("../docs/examples/urgent-action.json"), StandardCharsets.UTF_8);
		return example.replace("2027-11-25T09:00:00Z", Instant.now().plus(3, ChronoUnit.DAYS).toString())
			.replace("free-dana-serikova", campaign);
	}

	@Override
	public void close() {
		this.dispatches.forEach(ConfigurableApplicationContext::close);
		if (this.deadLetters != null) {
			this.deadLetters.close();
		}
		this.ingest.close();
		this.http.close();
	}

}
