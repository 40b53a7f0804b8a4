package org.solidarityalerts.ingest.webhook;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.solidarityalerts.contract.AlertEvent.AlertPublished;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.ActionsReported;
import org.solidarityalerts.contract.DeliveryEvent.AudienceResolved;
import org.solidarityalerts.contract.DeliveryEvent.DeliveriesRecorded;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryRecorded;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.MailEvent;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.ingest.Api.Reply;
import org.solidarityalerts.ingest.Api;
import org.solidarityalerts.ingest.Drafts;
import org.solidarityalerts.ingest.IngestIntegrationTest;
import org.solidarityalerts.ingest.alert.AlertArchive;
import org.solidarityalerts.ingest.alert.PublishedAlert;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.Role;
import org.solidarityalerts.ingest.progress.DeliveryProgress;
import org.solidarityalerts.ingest.progress.Progress;
import org.solidarityalerts.ingest.publishing.AlertEventsPublished;
import org.solidarityalerts.testsupport.TestClock;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Organisations register webhook endpoints and receive a signed call for each published
 * event of their own alerts, once when each version's fan-out finishes, and when their
 * actions' totals change (coalesced): retried with backoff until the receiver takes it,
 * its last error shown while it fails, and never for another organisation's alerts.
 * Endpoints on link-local or metadata addresses are refused. The receivers are real HTTP
 * servers (the JDK's) that check every signature independently; dispatch's outcomes and
 * totals are produced onto the in-process Kafka as dispatch would.
 */
@IngestIntegrationTest
class WebhookIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	ApiKeys apiKeys;

	@Autowired
	TestClock clock;

	@Autowired
	MeterRegistry meters;

	@Autowired
	WebhookSender sender;

	@Autowired
	AlertArchive archive;

	@Autowired
	DeliveryProgress progress;

	@Autowired
	KafkaTemplate<String, ContractEvent> kafka;

	@Autowired
	KafkaAdmin kafkaAdmin;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	WebhookStore store;

	Api api;

	final List<Receiver> receivers = new ArrayList<>();

	@BeforeEach
	void client() {
		this.api = new Api(this.port);
	}

	@AfterEach
	void stopReceivers() {
		this.receivers.forEach(Receiver::close);
	}

	@Test
	void aReceiverThatFailsTwiceGetsTheSignedEventOnTheThirdAttemptAfterBackingOff() throws Exception {
		String organisation = organisation();
		String key = key(organisation);
		Receiver receiver = receiver(500, 503);
		Reply registered = register(key, receiver);
		String secret = registered.json().path("secret").asString();
		String endpoint = registered.json().path("id").asString();
		assertThat(secret).startsWith("whsec_");
		assertThat(registered.header("Location")).isEqualTo("/api/v1/webhooks/" + endpoint);
		Reply listed = this.api.get("/api/v1/webhooks", key);
		assertThat(listed.json().findValuesAsString("id")).containsExactly(endpoint);
		assertThat(listed.body()).as("the secret is shown once").doesNotContain(secret).doesNotContain("whsec_");

		String alertId = postAlert(key);

		JsonNode delivery = await().atMost(Duration.ofSeconds(20))
			.until(() -> deliveries(key, endpoint),
					(list) -> list.size() == 1 && list.get(0).path("status").asString().equals("delivered"))
			.get(0);
		assertThat(delivery.path("attempts").asInt()).isEqualTo(3);
		assertThat(delivery.path("lastStatus").asInt()).isEqualTo(204);
		assertThat(delivery.path("lastError").asString()).startsWith("HTTP 503");
		assertThat(delivery.path("type").asString()).isEqualTo("alert.published");

		List<Received> calls = List.copyOf(receiver.received);
		assertThat(calls).hasSize(3);
		assertThat(calls).extracting((call) -> call.header("webhook-id"))
			.as("the same message id on every attempt")
			.containsOnly(delivery.path("id").asString());
		for (Received call : calls) {
			assertSigned(call, secret);
			assertThat(call.header("content-type")).isEqualTo("application/json");
		}
		assertThat(Duration.between(calls.get(0).at(), calls.get(1).at())).as("first backoff")
			.isGreaterThanOrEqualTo(Duration.ofMillis(290));
		assertThat(Duration.between(calls.get(1).at(), calls.get(2).at())).as("doubled backoff")
			.isGreaterThanOrEqualTo(Duration.ofMillis(590));

		JsonNode payload = tools.jackson.databind.json.JsonMapper.shared().readTree(calls.get(2).body());
		assertThat(payload.path("type").asString()).isEqualTo("alert.published");
		assertThat(payload.path("timestamp").asString()).isNotBlank();
		assertThat(payload.at("/data/alertId").asString()).isEqualTo(alertId);
		assertThat(payload.at("/data/organisation").asString()).isEqualTo(organisation);
		assertThat(payload.at("/data/kind").asString()).isEqualTo("urgent-action");
		assertThat(payload.at("/data/title").asString()).isEqualTo("Dana Serikova begins a hunger strike");
		assertThat(calls.get(2).body()).as("nothing about subscribers")
			.doesNotContainIgnoringCase("subscriber")
			.doesNotContain("@");
	}

	@Test
	void aFailingEndpointShowsItsLastErrorUntilItIsGivenUpAndCountsOnTheMetric() {
		String key = key(organisation());
		Receiver receiver = receiver();
		receiver.otherwise = 503;
		String endpoint = register(key, receiver).json().path("id").asString();
		double givenUpBefore = counter("given-up");

		postAlert(key);

		JsonNode failing = await().atMost(Duration.ofSeconds(20))
			.until(() -> deliveries(key, endpoint),
					(list) -> list.size() == 1 && list.get(0).path("attempts").asInt() >= 1)
			.get(0);
		assertThat(failing.path("lastError").asString()).isEqualTo("HTTP 503: receiver is down");
		assertThat(failing.path("lastStatus").asInt()).isEqualTo(503);
		JsonNode failed = await().atMost(Duration.ofSeconds(20))
			.until(() -> deliveries(key, endpoint), (list) -> list.get(0).path("status").asString().equals("failed"))
			.get(0);
		assertThat(failed.path("attempts").asInt()).as("alert.ingest.webhooks.max-attempts").isEqualTo(4);
		assertThat(failed.path("lastError").asString()).isEqualTo("HTTP 503: receiver is down");
		assertThat(receiver.received).hasSize(4);
		assertThat(counter("given-up")).isGreaterThan(givenUpBefore);
		assertThat(counter("failed")).isGreaterThanOrEqualTo(3);
	}

	@Test
	void anotherOrganisationsAlertsNeverCallThisOrganisationsEndpoints() throws Exception {
		String ours = key(organisation());
		String theirs = key(organisation());
		Receiver ourReceiver = receiver();
		Receiver theirReceiver = receiver();
		String ourEndpoint = register(ours, ourReceiver).json().path("id").asString();
		String theirEndpoint = register(theirs, theirReceiver).json().path("id").asString();

		String theirAlert = postAlert(theirs);
		await().atMost(Duration.ofSeconds(20)).until(() -> theirReceiver.received.size() == 1);
		String ourAlert = postAlert(ours);
		await().atMost(Duration.ofSeconds(20)).until(() -> ourReceiver.received.size() == 1);

		assertThat(ourReceiver.received).extracting((call) -> alertIdOf(call)).containsExactly(ourAlert);
		assertThat(theirReceiver.received).extracting((call) -> alertIdOf(call)).containsExactly(theirAlert);
		assertThat(deliveries(ours, ourEndpoint)).extracting((node) -> node.path("alertId").asString())
			.containsExactly(ourAlert);
		assertThat(this.api.get("/api/v1/webhooks/" + theirEndpoint + "/deliveries", ours).status())
			.as("another organisation's endpoint")
			.isEqualTo(404);
		assertThat(this.api.delete("/api/v1/webhooks/" + theirEndpoint, ours).status()).isEqualTo(404);
		assertThat(this.api.get("/api/v1/webhooks", ours).json().findValuesAsString("id")).containsExactly(ourEndpoint);
	}

	@Test
	void anEventThatTheRelayPublishesAgainAfterACrashIsDeliveredOnce() {
		String key = key(organisation());
		Receiver receiver = receiver();
		String endpoint = register(key, receiver).json().path("id").asString();
		String alertId = postAlert(key);
		JsonNode delivered = await().atMost(Duration.ofSeconds(20))
			.until(() -> deliveries(key, endpoint),
					(list) -> list.size() == 1 && list.get(0).path("status").asString().equals("delivered"))
			.get(0);
		String eventId = delivered.path("id").asString().split("\\.")[0];
		PublishedAlert alert = this.archive.alert(alertId).orElseThrow();

		// What the relay announces again when it crashed after Kafka's acknowledgement
		// and before recording it: the same event, by id.
		AlertPublished again = new AlertPublished(EventId.parse(eventId), ContractEvent.SCHEMA_VERSION,
				alert.firstPublishedAt(), alert.alert());
		this.sender.onPublished(new AlertEventsPublished(alertId, List.of(again)));
		this.sender.onPublished(new AlertEventsPublished(alertId, List.of(again)));

		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> receiver.received.size() == 1);
		assertThat(deliveries(key, endpoint)).hasSize(1);
	}

	@Test
	void badEndpointsAreRefusedAndARemovedEndpointIsCalledNoMore() {
		String key = key(organisation());
		for (String url : new String[] { "ftp://hooks.example.org/", "https://user:pw@hooks.example.org/",
				"hooks.example.org" }) {
			Reply refused = this.api.post("/api/v1/webhooks", key, "{\"url\": \"" + url + "\"}");
			assertThat(refused.status()).as(url).isEqualTo(400);
			assertThat(refused.problemFields()).containsExactly("url");
		}
		assertThat(this.api.post("/api/v1/webhooks", key, "{}").problemFields()).containsExactly("url");
		Receiver receiver = receiver();
		String endpoint = register(key, receiver).json().path("id").asString();

		assertThat(this.api.delete("/api/v1/webhooks/" + endpoint, key).status()).isEqualTo(204);
		assertThat(this.api.get("/api/v1/webhooks", key).json().size()).isZero();
		assertThat(this.api.get("/api/v1/webhooks/" + endpoint + "/deliveries", key).status()).isEqualTo(404);
	}

	@Test
	void aFinishedFanOutIsCalledBackOnceWhenTheLastReadersOutcomeArrivesAndNotWhileOneIsDeferred() throws Exception {
		String key = key(organisation());
		Receiver receiver = receiver();
		Reply registered = register(key, receiver);
		String secret = registered.json().path("secret").asString();
		String endpoint = registered.json().path("id").asString();
		String alertId = postAlert(key);
		await().atMost(Duration.ofSeconds(20)).until(() -> calls(receiver, "alert.published").size() == 1);
		createOutcomeTopics();
		AlertVersion version = new AlertVersion(AlertId.parse(alertId), 1);
		SubscriberId first = SubscriberId.random();
		SubscriberId second = SubscriberId.random();
		SubscriberId third = SubscriberId.random();

		// Outcomes before the audience, after a record nobody can read, a reader
		// deferred, and a complaint: a batch's outcomes in one record, as dispatch
		// publishes them, and one in a record of its own, as an earlier dispatch did.
		publishUnreadable();
		publish(batch(version, 1, new DeliveriesRecorded.Outcome(first, DeliveryStatus.SENT, "SMTP 250"),
				new DeliveriesRecorded.Outcome(second, DeliveryStatus.DEFERRED, "SMTP 451")));
		publish(new AudienceResolved(EventId.random(), ContractEvent.SCHEMA_VERSION, this.clock.instant(), version, 3,
				1));
		publish(delivery(version, third, DeliveryStatus.DEAD_LETTERED));
		publish(new MailEvent.FeedbackReceived(EventId.random(), ContractEvent.SCHEMA_VERSION, this.clock.instant(),
				first, version, MailEvent.Feedback.COMPLAINT, MailEvent.FeedbackSource.ARF, null));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.progress.of(alertId),
					(list) -> list.size() == 1 && list.get(0).equals(new Progress(1, 3, 1, 1, 1, 0, 1)));
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> calls(receiver, "alert.fanout.finished").isEmpty());

		DeliveriesRecorded secondSent = batch(version, 2,
				new DeliveriesRecorded.Outcome(second, DeliveryStatus.SENT, "SMTP 250"));
		publish(secondSent);
		publish(secondSent);
		publish(delivery(version, second, DeliveryStatus.DEFERRED));

		await().atMost(Duration.ofSeconds(30)).until(() -> calls(receiver, "alert.fanout.finished").size() == 1);
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> calls(receiver, "alert.fanout.finished").size() == 1);
		Received call = calls(receiver, "alert.fanout.finished").get(0);
		assertSigned(call, secret);
		assertThat(call.header("webhook-id")).isEqualTo("fanout-finished." + alertId + ".v1." + endpoint);
		JsonNode payload = tools.jackson.databind.json.JsonMapper.shared().readTree(call.body());
		assertThat(payload.path("type").asString()).isEqualTo("alert.fanout.finished");
		assertThat(payload.at("/data/alertId").asString()).isEqualTo(alertId);
		assertThat(payload.at("/data/version").asInt()).isEqualTo(1);
		assertThat(payload.at("/data/audience").asLong()).isEqualTo(3);
		assertThat(payload.at("/data/sent").asLong()).isEqualTo(2);
		assertThat(payload.at("/data/failed").asLong()).as("dead-lettered counts as failed").isEqualTo(1);
		assertThat(payload.at("/data/deferred").asLong()).isZero();
		assertThat(payload.at("/data/complained").asLong()).isEqualTo(1);
		assertThat(payload.at("/data/bounced").asLong()).isZero();
		assertThat(payload.at("/data/finishedAt").asString()).isEqualTo(payload.path("timestamp").asString());
		assertThat(call.body()).as("nothing about subscribers")
			.doesNotContainIgnoringCase("subscriber")
			.doesNotContain(first.toString())
			.doesNotContain(second.toString())
			.doesNotContain(third.toString())
			.doesNotContain("@");
		assertThat(deliveries(key, endpoint)).extracting((node) -> node.path("type").asString())
			.containsExactlyInAnyOrder("alert.published", "alert.fanout.finished");
	}

	@Test
	void aFanOutToAnAudienceOfNoneFinishesWhenTheAudienceIsResolved() throws Exception {
		String key = key(organisation());
		Receiver receiver = receiver();
		register(key, receiver);
		String alertId = postAlert(key);
		createOutcomeTopics();
		AlertVersion version = new AlertVersion(AlertId.parse(alertId), 1);

		publish(new AudienceResolved(EventId.random(), ContractEvent.SCHEMA_VERSION, this.clock.instant(), version, 0,
				0));

		await().atMost(Duration.ofSeconds(30)).until(() -> calls(receiver, "alert.fanout.finished").size() == 1);
		JsonNode payload = tools.jackson.databind.json.JsonMapper.shared()
			.readTree(calls(receiver, "alert.fanout.finished").get(0).body());
		assertThat(payload.at("/data/audience").asLong()).isZero();
		assertThat(payload.at("/data/sent").asLong()).isZero();
	}

	@Test
	void aFinishedFanOutWhoseAnnouncementWasNotRecordedIsAnnouncedAgainAndQueuedOnlyIfItWasLost() throws Exception {
		String key = key(organisation());
		Receiver receiver = receiver();
		String endpoint = register(key, receiver).json().path("id").asString();
		String alertId = postAlert(key);
		createOutcomeTopics();
		AlertVersion version = new AlertVersion(AlertId.parse(alertId), 1);
		publish(new AudienceResolved(EventId.random(), ContractEvent.SCHEMA_VERSION, this.clock.instant(), version, 1,
				1));
		publish(delivery(version, SubscriberId.random(), DeliveryStatus.SENT));
		await().atMost(Duration.ofSeconds(30)).until(() -> calls(receiver, "alert.fanout.finished").size() == 1);
		Query versionById = Query.query(Criteria.where("_id").is(version.key()));
		Update crashedBeforeAnnouncing = new Update().set("finishAnnounced", false)
			.set("finishedAt", java.util.Date.from(this.clock.instant().minusSeconds(60)));

		// Crashed after recording finishedAt, before the webhook was queued: the sweep
		// queues it.
		this.mongo.remove(
				Query.query(Criteria.where("type").is("alert.fanout.finished").and("endpointId").is(endpoint)),
				WebhookDelivery.class);
		this.mongo.updateFirst(versionById, crashedBeforeAnnouncing, "progress_versions");
		await().atMost(Duration.ofSeconds(30)).until(() -> calls(receiver, "alert.fanout.finished").size() == 2);
		assertThat(calls(receiver, "alert.fanout.finished")).extracting((call) -> call.header("webhook-id"))
			.as("the same message id, so a receiver that did get it drops the repeat")
			.containsOnly("fanout-finished." + alertId + ".v1." + endpoint);

		// Crashed after queuing, before recording the announcement: announced again,
		// queued once.
		this.mongo.updateFirst(versionById, crashedBeforeAnnouncing, "progress_versions");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.mongo.findOne(versionById, org.bson.Document.class, "progress_versions")
				.getBoolean("finishAnnounced"));
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> calls(receiver, "alert.fanout.finished").size() == 2);
	}

	@Test
	void anEndpointWhoseHostNowResolvesToAMetadataAddressIsNotCalled() {
		String organisation = organisation();
		String key = key(organisation);
		// As if its DNS had changed since it was registered.
		this.store.register(new WebhookEndpoint("wh_" + UUID.randomUUID().toString().replace("-", ""), organisation,
				"http://169.254.169.254/latest/meta-data/", null,
				"whsec_" + Base64.getEncoder().encodeToString(new byte[32]), this.clock.instant()));
		String endpoint = this.api.get("/api/v1/webhooks", key).json().get(0).path("id").asString();

		postAlert(key);

		JsonNode refused = await().atMost(Duration.ofSeconds(20))
			.until(() -> deliveries(key, endpoint),
					(list) -> list.size() == 1 && list.get(0).path("attempts").asInt() >= 1)
			.get(0);
		assertThat(refused.path("lastError").asString()).isEqualTo(
				"Refused: the URL must not point to a cloud metadata address (169.254.169.254 is 169.254.169.254)");
		assertThat(refused.path("lastStatus").isMissingNode() || refused.path("lastStatus").isNull()).isTrue();
	}

	@Test
	void actionTotalsAreCalledBackAtOnceThenABurstIsCoalescedIntoOneTrailingCallAfterTheInterval() throws Exception {
		String key = key(organisation());
		Receiver receiver = receiver();
		String secret = register(key, receiver).json().path("secret").asString();
		String alertId = postAlert(key);
		await().atMost(Duration.ofSeconds(20)).until(() -> calls(receiver, "alert.published").size() == 1);
		AlertVersion version = new AlertVersion(AlertId.parse(alertId), 1);

		publishActions(version, 0, "write", 1);
		await().atMost(Duration.ofSeconds(30)).until(() -> calls(receiver, "alert.actions.changed").size() == 1);
		JsonNode leading = tools.jackson.databind.json.JsonMapper.shared()
			.readTree(calls(receiver, "alert.actions.changed").get(0).body());
		assertThat(leading.at("/data/alertId").asString()).isEqualTo(alertId);
		assertThat(leading.at("/data/actions/0/kind").asString()).isEqualTo("write");
		assertThat(leading.at("/data/actions/0/total").asLong()).isEqualTo(1);

		for (int total = 2; total <= 40; total++) {
			publishActions(version, 0, "write", total);
		}
		publishActions(version, 1, "embassy-protest", 5);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.api.get("/api/v1/alerts/" + alertId + "/actions-reported", key).json(),
					(reported) -> reported.at("/actions/0/total").asLong() == 40
							&& reported.at("/actions/1/total").asLong() == 5);
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> calls(receiver, "alert.actions.changed").size() == 1);

		this.clock.advance(Duration.ofSeconds(61));

		await().atMost(Duration.ofSeconds(10)).until(() -> calls(receiver, "alert.actions.changed").size() == 2);
		Received trailing = calls(receiver, "alert.actions.changed").get(1);
		assertSigned(trailing, secret);
		JsonNode totals = tools.jackson.databind.json.JsonMapper.shared().readTree(trailing.body());
		assertThat(totals.path("type").asString()).isEqualTo("alert.actions.changed");
		assertThat(totals.at("/data/actions").size()).isEqualTo(2);
		assertThat(totals.at("/data/actions/0/total").asLong()).as("the last change").isEqualTo(40);
		assertThat(totals.at("/data/actions/1/action").asInt()).isEqualTo(1);
		assertThat(totals.at("/data/actions/1/kind").asString()).isEqualTo("embassy-protest");
		assertThat(totals.at("/data/actions/1/total").asLong()).isEqualTo(5);
		this.clock.advance(Duration.ofSeconds(61));
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> calls(receiver, "alert.actions.changed").size() == 2);
	}

	@Test
	void endpointsOnLinkLocalMetadataOrAmbiguouslyNumberedHostsAreRefusedWithAProblemDetail() {
		String key = key(organisation());
		for (String url : new String[] { "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/hook",
				"https://2130706433/hook", "http://0.0.0.0:8080/hook" }) {
			Reply refused = this.api.post("/api/v1/webhooks", key, "{\"url\": \"" + url + "\"}");
			assertThat(refused.status()).as(url).isEqualTo(400);
			assertThat(refused.header("Content-Type")).as(url).startsWith("application/problem+json");
			assertThat(refused.problemFields()).as(url).containsExactly("url");
			assertThat(refused.json().at("/errors/0/reason").asString()).as(url)
				.containsAnyOf("must not point to", "plain dotted IPv4 address");
		}
		assertThat(this.api.get("/api/v1/webhooks", key).json().size()).isZero();
	}

	private void createOutcomeTopics() {
		// Dispatch creates these topics; here there is no dispatch.
		this.kafkaAdmin.createOrModifyTopics(TopicBuilder.name(Topics.DELIVERY_OUTCOMES).partitions(1).build(),
				TopicBuilder.name(Topics.MAIL_EVENTS).partitions(1).build());
	}

	private void publish(ContractEvent event) throws Exception {
		String topic = (event instanceof MailEvent) ? Topics.MAIL_EVENTS : Topics.DELIVERY_OUTCOMES;
		this.kafka.send(topic, event.eventId().toString(), event).get();
	}

	private void publishUnreadable() throws Exception {
		Object bootstrap = this.kafka.getProducerFactory()
			.getConfigurationProperties()
			.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
		try (KafkaProducer<String, byte[]> foreign = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
				new ByteArraySerializer())) {
			foreign
				.send(new ProducerRecord<>(Topics.DELIVERY_OUTCOMES, "unreadable",
						"{\"type\":\"delivery.recorded\",".getBytes(StandardCharsets.UTF_8)))
				.get();
		}
	}

	private void publishActions(AlertVersion version, int action, String kind, long total) {
		ActionsReported event = new ActionsReported(EventId.random(), ContractEvent.SCHEMA_VERSION,
				this.clock.instant(), version, action, kind, total);
		ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(Topics.ACTION_REPORTS,
				event.alertId().toString(), event);
		EventHeaders.write(record.headers(), event, "/alert-dispatch");
		this.kafka.send(record).join();
	}

	private DeliveriesRecorded batch(AlertVersion version, int attempt, DeliveriesRecorded.Outcome... outcomes) {
		return new DeliveriesRecorded(EventId.random(), ContractEvent.SCHEMA_VERSION, this.clock.instant(), version,
				attempt, List.of(outcomes));
	}

	private DeliveryRecorded delivery(AlertVersion version, SubscriberId subscriber, DeliveryStatus status) {
		return new DeliveryRecorded(EventId.random(), ContractEvent.SCHEMA_VERSION, this.clock.instant(), version,
				subscriber, status, 1, null);
	}

	private static List<Received> calls(Receiver receiver, String type) {
		return receiver.received.stream()
			.filter((call) -> tools.jackson.databind.json.JsonMapper.shared()
				.readTree(call.body())
				.path("type")
				.asString()
				.equals(type))
			.toList();
	}

	/**
	 * Checks the Standard Webhooks signature with the library, and again by hand:
	 * HMAC-SHA256, keyed with the secret's bytes, over {@code id.timestamp.body}.
	 */
	private void assertSigned(Received call, String secret) throws Exception {
		String id = call.header("webhook-id");
		String timestamp = call.header("webhook-timestamp");
		String signature = call.header("webhook-signature");
		assertThat(Instant.ofEpochSecond(Long.parseLong(timestamp))).isBetween(this.clock.instant().minusSeconds(60),
				this.clock.instant().plusSeconds(5));
		assertThat(signature).startsWith("v1,");
		assertThat(new Webhook(secret).sign(id, Long.parseLong(timestamp), call.body())).isEqualTo(signature);
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
		String expected = "v1," + Base64.getEncoder()
			.encodeToString(mac.doFinal((id + "." + timestamp + "." + call.body()).getBytes(StandardCharsets.UTF_8)));
		assertThat(signature).isEqualTo(expected);
		if (Duration.between(Instant.now(), this.clock.instant()).abs().toMinutes() < 1) {
			// The library's own check, with its five-minute tolerance, against the real
			// clock (which the test clock equals unless another test moved it).
			new Webhook(secret).verify(call.body(), call.headers());
		}
	}

	private static String alertIdOf(Received call) {
		return tools.jackson.databind.json.JsonMapper.shared().readTree(call.body()).at("/data/alertId").asString();
	}

	private double counter(String outcome) {
		var counter = this.meters.find("alert.ingest.webhooks.attempts").tag("outcome", outcome).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private List<JsonNode> deliveries(String key, String endpoint) {
		Reply reply = this.api.get("/api/v1/webhooks/" + endpoint + "/deliveries", key);
		assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
		return reply.json().valueStream().toList();
	}

	private Reply register(String key, Receiver receiver) {
		Reply reply = this.api.post("/api/v1/webhooks", key,
				"{\"url\": \"" + receiver.url() + "\", \"description\": \"campaign website\"}");
		assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
		return reply;
	}

	private String postAlert(String key) {
		Reply posted = this.api.post("/api/v1/alerts", key,
				Drafts.of("urgent-action", this.clock.instant()).toString());
		assertThat(posted.status()).as(posted.toString()).isEqualTo(202);
		return posted.json().path("id").asString();
	}

	private static String organisation() {
		return "org-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private String key(String organisation) {
		return this.apiKeys.issue(organisation, Role.ORGANISER, "test").key();
	}

	private Receiver receiver(int... firstStatuses) {
		try {
			Receiver receiver = new Receiver(firstStatuses);
			this.receivers.add(receiver);
			return receiver;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A call a receiver got.
	 *
	 * @param at when it arrived
	 * @param headers its headers, by lower-case name
	 * @param body its body
	 */
	record Received(Instant at, Map<String, List<String>> headers, String body) {

		String header(String name) {
			List<String> values = this.headers.get(name);
			return (values != null) ? values.getFirst() : null;
		}

	}

	/**
	 * An organisation's webhook receiver: answers the given statuses first, then
	 * {@code otherwise}.
	 */
	static final class Receiver implements AutoCloseable {

		final List<Received> received = new CopyOnWriteArrayList<>();

		final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();

		volatile int otherwise = 204;

		private final HttpServer server;

		Receiver(int... firstStatuses) throws IOException {
			for (int status : firstStatuses) {
				this.statuses.add(status);
			}
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			this.server.createContext("/hook", (exchange) -> {
				byte[] body = exchange.getRequestBody().readAllBytes();
				Map<String, List<String>> headers = new TreeMap<>();
				exchange.getRequestHeaders()
					.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
				this.received.add(new Received(Instant.now(), headers, new String(body, StandardCharsets.UTF_8)));
				Integer next = this.statuses.poll();
				int status = (next != null) ? next : this.otherwise;
				byte[] answer = (status >= 300) ? "receiver is down".getBytes(StandardCharsets.UTF_8) : new byte[0];
				exchange.sendResponseHeaders(status, (answer.length == 0) ? -1 : answer.length);
				if (answer.length > 0) {
					exchange.getResponseBody().write(answer);
				}
				exchange.close();
			});
			this.server.start();
		}

		String url() {
			return "http://" + this.server.getAddress().getHostString() + ":" + this.server.getAddress().getPort()
					+ "/hook";
		}

		@Override
		public void close() {
			this.server.stop(0);
		}

	}

}
