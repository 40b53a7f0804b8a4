package org.solidarityalerts.dispatch.signup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.MailEvent.ServiceMail;
import org.solidarityalerts.contract.MailEvent.ServiceMailRecorded;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;
import org.solidarityalerts.testsupport.TopicReader;
import org.solidarityalerts.dispatch.subscription.Fixtures;
import org.solidarityalerts.dispatch.subscription.Web;
import org.solidarityalerts.dispatch.delivery.IdleRelayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sign-up answered "check your inbox" is a promise: the confirmation goes out through a
 * relay that closes idle connections, is retried while the relay defers it, is taken up
 * again when an instance stopped before sending it, and when it cannot be sent, operators
 * see why on {@code mail.events}.
 */
@IdleRelayIntegrationTest
class ServiceMailIntegrationTests {

	private static final Logger figures = LoggerFactory.getLogger("reliability.figures");

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@Autowired
	ScriptedSmtpServer smtp;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	KafkaConnectionDetails kafka;

	@LocalServerPort
	int port;

	@Test
	void aHundredSignUpsSpreadOverIdleSpellsAllGetTheirConfirmation() {
		List<String> addresses = new ArrayList<>();
		long started = System.nanoTime();
		for (int group = 0; group < 10; group++) {
			boolean first = group == 0;
			int ended = this.smtp.sessionsEnded();
			// A quiet spell: the relay has closed every connection dispatch kept.
			await().atMost(PATIENCE)
				.until(() -> this.smtp.sessionsOpen() == 0 && (first || this.smtp.sessionsEnded() > ended));
			for (int i = 0; i < 10; i++) {
				String address = Fixtures.newAddress("spread-" + group + "-" + i);
				addresses.add(address);
				assertThat(Fixtures.signUpThroughTheApi(new Web(this.port, Fixtures.newClient()), address).statusCode())
					.isEqualTo(202);
			}
			List<String> sent = List.copyOf(addresses);
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(sent)
					.allSatisfy((address) -> assertThat(this.smtp.receivedBy(address)).as(address).hasSize(1)));
		}
		figures.info(
				"sign-ups over idle spells: {} sign-ups, {} confirmations, {} lost, relay sessions ended {}, "
						+ "{} s in all",
				addresses.size(), addresses.stream().mapToInt((address) -> this.smtp.receivedBy(address).size()).sum(),
				addresses.stream().filter((address) -> this.smtp.receivedBy(address).isEmpty()).count(),
				this.smtp.sessionsEnded(), (System.nanoTime() - started) / 1_000_000_000);
		assertThat(addresses).allSatisfy((address) -> assertThat(this.smtp.receivedBy(address)).hasSize(1));
		assertThat(this.mongo.count(new org.springframework.data.mongodb.core.query.Query(), SignUps.REQUESTS))
			.as("no sign-up request left")
			.isZero();
	}

	@Test
	void aDeferredConfirmationIsRetriedUntilTheRelayTakesItAndEachAttemptIsPublished() {
		String address = Fixtures.newAddress("greylisted");
		this.smtp.deferFirst(address, 2, 451);
		try (TopicReader events = new TopicReader(this.kafka.getBootstrapServers().getFirst(), Topics.MAIL_EVENTS)) {
			assertThat(Fixtures.signUpThroughTheApi(new Web(this.port, Fixtures.newClient()), address).statusCode())
				.isEqualTo(202);

			await().atMost(PATIENCE).untilAsserted(() -> assertThat(this.smtp.receivedBy(address)).hasSize(1));
			String subscriber = Fixtures.byEmail(this.mongo, address).id();
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(recorded(events, subscriber)).extracting(ServiceMailRecorded::status)
					.containsExactly(DeliveryStatus.DEFERRED, DeliveryStatus.DEFERRED, DeliveryStatus.SENT));
			assertThat(recorded(events, subscriber)).allSatisfy((event) -> {
				assertThat(event.mail()).isEqualTo(ServiceMail.CONFIRMATION);
				assertThat(event.detail()).doesNotContain(address);
			});
			assertThat(this.smtp.attempts(address)).isEqualTo(3);
			assertThat(this.mongo.findById(subscriber, Document.class, Subscriber.COLLECTION))
				.doesNotContainKey(SubscriptionMails.FIELD);
		}
	}

	@Test
	void aConfirmationTheRelayNeverTakesIsGivenUpAndOperatorsSeeWhy() {
		String address = Fixtures.newAddress("never");
		this.smtp.deferFirst(address, 100, 452);
		try (TopicReader events = new TopicReader(this.kafka.getBootstrapServers().getFirst(), Topics.MAIL_EVENTS)) {
			Fixtures.signUpThroughTheApi(new Web(this.port, Fixtures.newClient()), address);

			await().atMost(PATIENCE).until(() -> Fixtures.byEmail(this.mongo, address) != null);
			String subscriber = Fixtures.byEmail(this.mongo, address).id();
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(recorded(events, subscriber)).last().satisfies((last) -> {
					assertThat(last.status()).isEqualTo(DeliveryStatus.DEAD_LETTERED);
					assertThat(last.attempt()).isEqualTo(3);
					assertThat(last.detail()).isEqualTo("gave up after 3 attempts: SMTP 452");
				}));
			assertThat(this.smtp.receivedBy(address)).isEmpty();
		}
	}

	@Test
	void aSignUpAStoppedInstanceHadStoredButNotRegisteredIsCompletedByAnother() {
		String address = Fixtures.newAddress("orphaned");
		// As an instance leaves a request it had claimed when it stopped.
		this.mongo.insert(
				new Document("_id", UUID.randomUUID().toString()).append("email", address)
					.append("profile", new Document("languages", List.of("en")).append("preferences",
							new Document("campaigns", List.of("free-dana-serikova")).append("countries", List.of())
								.append("kinds", List.of("URGENT_ACTION"))
								.append("cadence", "IMMEDIATE")))
					.append("source", "api")
					.append("receivedAt", Date.from(Instant.now().minusSeconds(120)))
					.append("claimedUntil", Date.from(Instant.now().minusSeconds(60))),
				SignUps.REQUESTS);

		await().atMost(PATIENCE).untilAsserted(() -> assertThat(this.smtp.receivedBy(address)).hasSize(1));
		assertThat(Fixtures.byEmail(this.mongo, address).status()).isEqualTo(SubscriberStatus.PENDING);
	}

	@Test
	void aConfirmationAStoppedInstanceHadRecordedButNotSentIsSentByAnother() {
		String address = Fixtures.newAddress("unsent");
		Subscriber subscriber = Fixtures.insert(this.mongo, address, SubscriberStatus.PENDING, "free-dana-serikova");
		this.mongo.updateFirst(
				org.springframework.data.mongodb.core.query.Query
					.query(org.springframework.data.mongodb.core.query.Criteria.where("_id").is(subscriber.id())),
				new org.springframework.data.mongodb.core.query.Update()
					.set("confirmationNonce", UUID.randomUUID().toString())
					.set(SubscriptionMails.FIELD,
							new Document("id", UUID.randomUUID().toString())
								.append("kind", WireFormat.name(ServiceMail.CONFIRMATION))
								.append("attempts", 1)
								.append("dueAt", Date.from(Instant.now().minusSeconds(30)))),
				Subscriber.COLLECTION);

		await().atMost(PATIENCE).untilAsserted(() -> assertThat(this.smtp.receivedBy(address)).hasSize(1));
	}

	/** The service-mail records of a subscriber read so far. */
	static List<ServiceMailRecorded> recorded(TopicReader events, String subscriber) {
		return events.records()
			.stream()
			.filter((record) -> record.key().equals(subscriber))
			.map((record) -> WireFormat.jsonMapper().readValue(record.value(), ContractEvent.class))
			.filter(ServiceMailRecorded.class::isInstance)
			.map(ServiceMailRecorded.class::cast)
			.toList();
	}

}
