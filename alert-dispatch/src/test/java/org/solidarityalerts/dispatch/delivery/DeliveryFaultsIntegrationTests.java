package org.solidarityalerts.dispatch.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.solidarityalerts.dispatch.delivery.DeliveryFixtures.alert;
import static org.solidarityalerts.dispatch.delivery.DeliveryFixtures.campaign;
import static org.solidarityalerts.dispatch.delivery.DeliveryFixtures.id;
import static org.solidarityalerts.dispatch.delivery.DeliveryFixtures.withId;
import org.solidarityalerts.dispatch.subscription.Fixtures;
import org.solidarityalerts.contract.Action;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertEvent.AlertCancelled;
import org.solidarityalerts.contract.AlertEvent.AlertPublished;
import org.solidarityalerts.contract.AlertEvent.AlertUpdated;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.Campaign;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent;
import org.solidarityalerts.contract.DeliveryEvent.DeliveriesRecorded;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryBatchRequested;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.LocalizedContent;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dispatch.messaging.RetryTiers;
import org.solidarityalerts.dispatch.subscriber.Cadence;
import org.solidarityalerts.dispatch.subscriber.Preferences;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.dispatch.subscriber.SuppressionList;
import org.solidarityalerts.testsupport.ConsumerLag;
import org.solidarityalerts.testsupport.Mails;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;
import org.solidarityalerts.testsupport.TestClock;
import org.solidarityalerts.testsupport.TopicReader;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Dispatch against real Kafka, a real MongoDB wire server and an SMTP server that defers
 * and refuses on cue.
 */
@ScriptedSmtpIntegrationTest
class DeliveryFaultsIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(45);

	@Autowired
	ScriptedSmtpServer smtp;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	KafkaTemplate<String, ContractEvent> kafka;

	@Autowired
	KafkaConnectionDetails kafkaConnection;

	@Autowired
	SuppressionList suppressions;

	@Autowired
	TestClock clock;

	@Autowired
	RetryTiers retryTiers;

	private DeliveryFixtures fixtures;

	@BeforeEach
	void fixtures() {
		this.fixtures = new DeliveryFixtures(this.kafka, this.mongo);
	}

	private String status(AlertVersion version, Subscriber subscriber) {
		return this.fixtures.status(version, subscriber);
	}

	private Document ledger(AlertVersion version, Subscriber subscriber) {
		return this.fixtures.ledger(version, subscriber);
	}

	private <E extends AlertEvent> E publish(E event) {
		return this.fixtures.publish(event);
	}

	private void send(String topic, ContractEvent event) {
		this.fixtures.send(topic, event);
	}

	private Subscriber subscriber(String email, String campaign) {
		return this.fixtures.subscriber(email, campaign);
	}

	@Test
	void aDeferredDeliveryIsRetriedUntilTheServerAcceptsItAndArrivesOnce() {
		String campaign = campaign();
		Subscriber patient = subscriber("patient-" + campaign + "@example.org", campaign);
		Subscriber prompt = subscriber("prompt-" + campaign + "@example.org", campaign);
		this.smtp.deferFirst(patient.email(), 2, 451);

		try (TopicReader outcomes = new TopicReader(bootstrap(), Topics.DELIVERY_OUTCOMES)) {
			AlertPublished alert = publish(alert(campaign, 1));

			await().atMost(PATIENCE).untilAsserted(() -> {
				assertThat(this.smtp.receivedBy(patient.email())).hasSize(1);
				assertThat(this.smtp.receivedBy(prompt.email())).hasSize(1);
				assertThat(status(alert.alertVersion(), patient)).isEqualTo("sent");
			});
			assertThat(this.smtp.attempts(patient.email())).isEqualTo(3);
			assertThat(this.smtp.attempts(prompt.email())).isEqualTo(1);
			assertThat(ledger(alert.alertVersion(), patient).getInteger("attempts")).isEqualTo(3);
			assertThat(this.smtp.groupsReceived()).as("transactions pipelined (the server offers PIPELINING)")
				.isPositive();
			// One record per batch and attempt, each entry a delivery's outcome by id.
			SubscriberId patientId = new SubscriberId(UUID.fromString(patient.id()));
			SubscriberId promptId = new SubscriberId(UUID.fromString(prompt.id()));
			await().atMost(PATIENCE).untilAsserted(() -> {
				List<DeliveriesRecorded> records = outcomes.records()
					.stream()
					.filter((record) -> record.key().equals(alert.alertId().toString()))
					.map((record) -> WireFormat.jsonMapper().readValue(record.value(), ContractEvent.class))
					.filter((event) -> !(event instanceof DeliveryEvent.AudienceResolved))
					.map(DeliveriesRecorded.class::cast)
					.toList();
				assertThat(records).extracting(DeliveriesRecorded::attempt).containsExactly(1, 2, 3);
				assertThat(records.getFirst().deliveries()).extracting(DeliveriesRecorded.Outcome::subscriber)
					.containsExactlyInAnyOrder(patientId, promptId);
				assertThat(records.stream().flatMap((record) -> record.each().stream()))
					.filteredOn((recorded) -> recorded.subscriber().equals(patientId))
					.extracting(DeliveryEvent.DeliveryRecorded::status, DeliveryEvent.DeliveryRecorded::attempt)
					.containsExactly(tuple(DeliveryStatus.DEFERRED, 1), tuple(DeliveryStatus.DEFERRED, 2),
							tuple(DeliveryStatus.SENT, 3));
			});
		}
	}

	@Test
	void aPermanentRefusalIsRecordedAsFailedAndNeverRetried() {
		String campaign = campaign();
		Subscriber gone = subscriber("gone-" + campaign + "@example.org", campaign);
		Subscriber fine = subscriber("fine-" + campaign + "@example.org", campaign);
		this.smtp.refuse(gone.email(), 550);

		AlertPublished alert = publish(alert(campaign, 1));

		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(status(alert.alertVersion(), gone)).isEqualTo("failed");
			assertThat(status(alert.alertVersion(), fine)).isEqualTo("sent");
			// The suppression is written after the batch's outcomes.
			assertThat(this.suppressions.isSuppressed(gone.email())).isTrue();
			assertThat(this.mongo.findById(gone.id(), Subscriber.class).status())
				.isEqualTo(SubscriberStatus.SUPPRESSED);
		});
		assertThat(ledger(alert.alertVersion(), gone).getString("detail")).isEqualTo("SMTP 550");
		assertThat(this.smtp.attempts(gone.email())).isEqualTo(1);
		assertThat(this.smtp.receivedBy(gone.email())).isEmpty();

		AlertPublished next = publish(alert(campaign, 1));

		await().atMost(PATIENCE).untilAsserted(() -> assertThat(status(next.alertVersion(), fine)).isEqualTo("sent"));
		assertThat(this.smtp.attempts(gone.email())).as("a suppressed address is never tried again").isEqualTo(1);
		assertThat(status(next.alertVersion(), gone)).isNull();
	}

	@Test
	void aRefusalThatIsNotABounceFailsTheDeliveryButKeepsTheSubscriber() {
		String campaign = campaign();
		Subscriber strict = subscriber("strict-" + campaign + "@example.org", campaign);
		this.smtp.refuse(strict.email(), 554);

		AlertPublished alert = publish(alert(campaign, 1));

		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(status(alert.alertVersion(), strict)).isEqualTo("failed"));
		assertThat(this.suppressions.isSuppressed(strict.email())).isFalse();
		assertThat(this.mongo.findById(strict.id(), Subscriber.class).status()).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void whenRetriesRunOutTheDeliveryIsDeadLetteredWithItsReasonAndNoAddress() {
		String campaign = campaign();
		Subscriber unlucky = subscriber("unlucky-" + campaign + "@example.org", campaign);
		this.smtp.deferFirst(unlucky.email(), 100, 452);

		try (TopicReader deadLetters = new TopicReader(bootstrap(), DeliveryService.DEAD_LETTERS)) {
			AlertPublished alert = publish(alert(campaign, 1));

			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(status(alert.alertVersion(), unlucky)).isEqualTo("dead-lettered"));
			assertThat(this.smtp.attempts(unlucky.email())).isEqualTo(3);
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(deadLetters.records())
					.filteredOn((record) -> record.key().startsWith(alert.alertVersion().key()))
					.singleElement()
					.satisfies((record) -> {
						DeliveryBatchRequested parked = (DeliveryBatchRequested) WireFormat.jsonMapper()
							.readValue(record.value(), ContractEvent.class);
						assertThat(parked.subscribers())
							.containsExactly(new SubscriberId(UUID.fromString(unlucky.id())));
						assertThat(EventHeaders.read(record.headers(), DeliveryService.REASON_HEADER))
							.isEqualTo("retries ran out after 3 attempts");
						assertNoAddressIn(record);
					}));
		}
	}

	/**
	 * The batch whose retries ran out read again before the ledger notes that its dead
	 * letter is written (MongoDB failing between the two, or a second instance reading
	 * the same batch): the dead letter is written again, under the same event id, by
	 * which the dashboard shows it once, and nobody is tried again.
	 */
	@Test
	void aDeadLetterWrittenAgainBeforeTheLedgerNotesItCarriesTheSameEventId() {
		String campaign = campaign();
		Subscriber unlucky = subscriber("unlucky-" + campaign + "@example.org", campaign);
		this.smtp.deferFirst(unlucky.email(), 100, 452);
		String reason = "retries ran out after 3 attempts";
		List<TopicReader> retries = java.util.Arrays.stream(this.retryTiers.topics())
			.map((topic) -> new TopicReader(bootstrap(), topic))
			.toList();
		try (TopicReader deadLetters = new TopicReader(bootstrap(), DeliveryService.DEAD_LETTERS)) {
			AlertPublished alert = publish(alert(campaign, 1));
			await().atMost(PATIENCE).untilAsserted(() -> {
				Document entry = ledger(alert.alertVersion(), unlucky);
				assertThat(entry).isNotNull();
				assertThat(entry.getString("status")).isEqualTo("dead-lettered");
				assertThat(entry.getString(DeliveryLedger.PARKING)).isNull();
			});
			ConsumerRecord<String, byte[]> first = deadLetters.records()
				.stream()
				.filter((record) -> record.key().startsWith(alert.alertVersion().key()))
				.findFirst()
				.orElseThrow();
			Map.Entry<String, DeliveryBatchRequested> last = retries.stream()
				.flatMap((reader) -> reader.records().stream())
				.map((record) -> Map.entry(record.topic(),
						(DeliveryBatchRequested) WireFormat.jsonMapper()
							.readValue(record.value(), ContractEvent.class)))
				.filter((batch) -> batch.getValue().alertVersion().equals(alert.alertVersion())
						&& batch.getValue().attempt() == 3)
				.findFirst()
				.orElseThrow();

			this.mongo.updateFirst(
					Query.query(Criteria.where("_id").is(DeliveryLedger.key(alert.alertVersion(), id(unlucky)))),
					new org.springframework.data.mongodb.core.query.Update().set(DeliveryLedger.PARKING, reason),
					DeliveryLedger.COLLECTION);
			send(last.getKey(), last.getValue());

			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(deadLetters.records())
					.filteredOn((record) -> record.key().startsWith(alert.alertVersion().key()))
					.hasSize(2)
					.allSatisfy((record) -> {
						assertThat(EventHeaders.read(record.headers(), EventHeaders.ID))
							.isEqualTo(EventHeaders.read(first.headers(), EventHeaders.ID));
						assertThat(EventHeaders.read(record.headers(), DeliveryService.REASON_HEADER))
							.isEqualTo(reason);
					}));
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(ledger(alert.alertVersion(), unlucky).getString(DeliveryLedger.PARKING))
					.isNull());
			assertThat(this.smtp.attempts(unlucky.email())).isEqualTo(3);
		}
		finally {
			retries.forEach(TopicReader::close);
		}
	}

	@Test
	void recordsThatCannotBeReadAreDeadLetteredAtOnceAndTheRecordsBehindThemStillFlow() {
		String campaign = campaign();
		Subscriber reader = subscriber("reader-" + campaign + "@example.org", campaign);
		String missingAlert = new AlertVersion(AlertId.random(), 1).key();
		try (TopicReader alertDeadLetters = new TopicReader(bootstrap(), Topics.deadLetterOf(Topics.ALERTS_URGENT));
				TopicReader batchDeadLetters = new TopicReader(bootstrap(),
						Topics.deadLetterOf(Topics.DELIVERIES_URGENT));
				KafkaProducer<String, byte[]> foreign = new KafkaProducer<>(
						Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()), new StringSerializer(),
						new ByteArraySerializer())) {
			String key = "poison-" + campaign;
			foreign.send(new ProducerRecord<>(Topics.ALERTS_URGENT, key, bytes("this is not json")));
			foreign.send(new ProducerRecord<>(Topics.ALERTS_URGENT, key, bytes("{\"type\":\"alert.exploded\"}")));
			String futureSchema = WireFormat.jsonMapper()
				.writeValueAsString(alert(campaign, 1))
				.replace("\"schemaVersion\":" + ContractEvent.SCHEMA_VERSION, "\"schemaVersion\":99");
			foreign.send(new ProducerRecord<>(Topics.ALERTS_URGENT, key, bytes(futureSchema)));
			String orphanBatch = WireFormat.jsonMapper()
				.writeValueAsString(new DeliveryBatchRequested(EventId.random(), ContractEvent.SCHEMA_VERSION,
						Instant.now(), new AlertVersion(AlertId.random(), 1), 0,
						List.of(new SubscriberId(UUID.fromString(reader.id()))), 1, null, false));
			foreign.send(new ProducerRecord<>(Topics.DELIVERIES_URGENT, missingAlert, bytes(orphanBatch)));
			foreign.flush();

			AlertPublished alert = publish(alert(campaign, 1));

			await().atMost(PATIENCE).untilAsserted(() -> {
				assertThat(this.smtp.receivedBy(reader.email())).hasSize(1);
				List<ConsumerRecord<String, byte[]>> dead = alertDeadLetters.records()
					.stream()
					.filter((record) -> key.equals(record.key()))
					.toList();
				assertThat(dead).hasSize(3);
				assertThat(dead).map((record) -> new String(record.value(), StandardCharsets.UTF_8))
					.containsExactly("this is not json", "{\"type\":\"alert.exploded\"}", futureSchema);
				assertThat(dead).allSatisfy((record) -> {
					assertThat(record.headers().lastHeader("kafka_dlt-exception-message")).isNotNull();
					assertThat(record.headers().lastHeader("kafka_dlt-original-topic").value())
						.asString(StandardCharsets.UTF_8)
						.isEqualTo(Topics.ALERTS_URGENT);
				});
				assertThat(batchDeadLetters.records()).filteredOn((record) -> missingAlert.equals(record.key()))
					.singleElement()
					.satisfies(DeliveryFaultsIntegrationTests::assertNoAddressIn);
			});
			assertThat(status(alert.alertVersion(), reader)).isEqualTo("sent");
			await().atMost(PATIENCE).untilAsserted(() -> {
				assertThat(ConsumerLag.of(bootstrap(), "alert-dispatch.alerts-urgent", Topics.ALERTS_URGENT)).isZero();
				assertThat(ConsumerLag.of(bootstrap(), "alert-dispatch.deliveries-urgent", Topics.DELIVERIES_URGENT))
					.isZero();
			});
		}
	}

	@Test
	void aCancellationStopsPendingSendsAndTellsThoseWhoReceivedTheAlert() {
		String campaign = campaign();
		Subscriber early = subscriber("early-" + campaign + "@example.org", campaign);
		Subscriber late = subscriber("late-" + campaign + "@example.org", "another-" + campaign);
		AlertPublished alert = publish(alert(campaign, 1));
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(this.smtp.receivedBy(early.email())).hasSize(1));

		AlertSnapshot cancelledVersion = alert(campaign, 2).alert();
		publish(new AlertCancelled(EventId.random(), ContractEvent.SCHEMA_VERSION, Instant.now(),
				withId(cancelledVersion, alert.alert().id()), Map.of("en", "She has been released.")));
		DeliveryBatchRequested stale = new DeliveryBatchRequested(EventId.random(), ContractEvent.SCHEMA_VERSION,
				Instant.now(), alert.alertVersion(), 99, List.of(new SubscriberId(UUID.fromString(late.id()))), 1, null,
				false);
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(this.smtp.receivedBy(early.email())).hasSize(2));
		send(Topics.DELIVERIES_URGENT, stale);

		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(status(alert.alertVersion(), late)).isEqualTo("skipped");
			assertThat(ledger(alert.alertVersion(), late).getString("detail")).isEqualTo("cancelled");
		});
		assertThat(Mails.subject(this.smtp.receivedBy(early.email()).get(1))).startsWith("No further action needed: ");
		assertThat(Mails.text(this.smtp.receivedBy(early.email()).get(1))).contains("She has been released.");
		assertThat(this.smtp.receivedBy(late.email())).isEmpty();
	}

	@Test
	void anUpdateReachesThoseWhoReceivedTheAlertAndNewFollowersOnce() {
		String campaign = campaign();
		Subscriber first = subscriber("first-" + campaign + "@example.org", campaign);
		AlertPublished alert = publish(alert(campaign, 1));
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(this.smtp.receivedBy(first.email())).hasSize(1));
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(first.id())),
				org.springframework.data.mongodb.core.query.Update.update("preferences.campaigns", List.of()),
				Subscriber.class);
		Subscriber newcomer = subscriber("newcomer-" + campaign + "@example.org", campaign);

		AlertUpdated update = new AlertUpdated(EventId.random(), ContractEvent.SCHEMA_VERSION, Instant.now(),
				withId(alert(campaign, 2).alert(), alert.alert().id()), 1);
		publish(update);

		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(this.smtp.receivedBy(first.email())).hasSize(2);
			assertThat(this.smtp.receivedBy(newcomer.email())).hasSize(1);
		});
		assertThat(Mails.subject(this.smtp.receivedBy(newcomer.email()).getFirst())).startsWith("Update: ");
		// The ledger records the outcome just after the SMTP server's reply.
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(status(update.alertVersion(), first)).isEqualTo("sent"));
	}

	@Test
	void nothingIsSentAfterAnAlertExpires() {
		String campaign = campaign();
		Subscriber tardy = subscriber("tardy-" + campaign + "@example.org", "elsewhere-" + campaign);
		Instant expiresAt = this.clock.instant().plus(Duration.ofMinutes(1));
		AlertSnapshot expiring = alert(campaign, 1).alert();
		AlertPublished alert = publish(new AlertPublished(EventId.random(), ContractEvent.SCHEMA_VERSION, Instant.now(),
				new AlertSnapshot(expiring.id(), 1, expiring.kind(), expiring.organisation(), expiring.campaign(),
						expiring.subjectCountry(), expiring.tags(), expiring.defaultLanguage(), expiring.content(),
						expiring.actions(), expiring.publishAt(), null, expiresAt)));
		await().atMost(PATIENCE)
			.until(() -> this.mongo.exists(
					Query.query(Criteria.where("_id").is(alert.alertVersion().key()).and("complete").is(true)),
					"fanouts"));
		this.clock.advance(Duration.between(this.clock.instant(), expiresAt).plusSeconds(1));

		send(Topics.DELIVERIES_URGENT,
				new DeliveryBatchRequested(EventId.random(), ContractEvent.SCHEMA_VERSION, Instant.now(),
						alert.alertVersion(), 7, List.of(new SubscriberId(UUID.fromString(tardy.id()))), 1, null,
						false));

		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(status(alert.alertVersion(), tardy)).isEqualTo("skipped");
			assertThat(ledger(alert.alertVersion(), tardy).getString("detail")).isEqualTo("expired");
		});
		assertThat(this.smtp.receivedBy(tardy.email())).isEmpty();
	}

	@Test
	void afterACrashUnattemptedDeliveriesAreSentAndOneInDoubtIsSetAsideNotResent() {
		String campaign = campaign();
		Subscriber waiting = subscriber("waiting-" + campaign + "@example.org", "x-" + campaign);
		Subscriber inDoubt = subscriber("doubt-" + campaign + "@example.org", "x-" + campaign);
		AlertPublished alert = publish(alert(campaign, 1));
		await().atMost(PATIENCE)
			.until(() -> this.mongo.exists(
					Query.query(Criteria.where("_id").is(alert.alertVersion().key()).and("complete").is(true)),
					"fanouts"));
		Instant longAgo = Instant.now().minus(1, ChronoUnit.HOURS);
		this.mongo.insert(crashed(alert.alertVersion(), waiting, "claimed", longAgo), DeliveryLedger.COLLECTION);
		this.mongo.insert(crashed(alert.alertVersion(), inDoubt, "sending", longAgo), DeliveryLedger.COLLECTION);

		send(Topics.DELIVERIES_URGENT,
				new DeliveryBatchRequested(EventId.random(), ContractEvent.SCHEMA_VERSION, Instant.now(),
						alert.alertVersion(), 0, List.of(new SubscriberId(UUID.fromString(waiting.id())),
								new SubscriberId(UUID.fromString(inDoubt.id()))),
						1, null, false));

		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(status(alert.alertVersion(), waiting)).isEqualTo("sent");
			assertThat(status(alert.alertVersion(), inDoubt)).isEqualTo("dead-lettered");
		});
		assertThat(this.smtp.receivedBy(waiting.email())).hasSize(1);
		assertThat(this.smtp.receivedBy(inDoubt.email())).isEmpty();
	}

	private static Document crashed(AlertVersion version, Subscriber subscriber, String status, Instant at) {
		return new Document("_id", DeliveryLedger.key(version, new SubscriberId(UUID.fromString(subscriber.id()))))
			.append("alertId", version.alertId().toString())
			.append("version", version.version())
			.append("subscriberId", subscriber.id())
			.append("status", status)
			.append("claim", "crashed-instance")
			.append("attempts", 1)
			.append("claimedAt", at)
			.append("updatedAt", at);
	}

	private static void assertNoAddressIn(ConsumerRecord<String, byte[]> record) {
		assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain("@example.org");
		for (Header header : record.headers()) {
			if (TopicReader.isText(header)) {
				assertThat(new String(header.value(), StandardCharsets.UTF_8)).as(header.key())
					.doesNotContain("@example.org");
			}
		}
	}

	private String bootstrap() {
		return String.join(",", this.kafkaConnection.getBootstrapServers());
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
