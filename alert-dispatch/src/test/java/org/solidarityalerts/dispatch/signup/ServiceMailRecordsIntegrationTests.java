package org.solidarityalerts.dispatch.signup;

import java.time.Duration;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.MailEvent.ServiceMailRecorded;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.delivery.IdleRelayIntegrationTest;
import org.solidarityalerts.dispatch.messaging.TopicCreationRuns;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscription.Fixtures;
import org.solidarityalerts.dispatch.subscription.Web;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;
import org.solidarityalerts.testsupport.TopicOutage;
import org.solidarityalerts.testsupport.TopicReader;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The record of a confirmation sent while Kafka cannot take it, for longer than the
 * producer's delivery timeout ({@value #SEND_TIMEOUT_MS} ms here): the confirmation goes
 * out at once and only once, the record is kept with the subscriber until Kafka takes it,
 * and it reaches {@code mail.events} with its own event id, so the dashboard counts it
 * once.
 */
@IdleRelayIntegrationTest
@TestPropertySource(properties = {
		"spring.kafka.producer.properties.max.block.ms=" + ServiceMailRecordsIntegrationTests.SEND_TIMEOUT_MS,
		"spring.kafka.producer.properties.delivery.timeout.ms=" + ServiceMailRecordsIntegrationTests.SEND_TIMEOUT_MS,
		"spring.kafka.producer.properties.request.timeout.ms=1500" })
class ServiceMailRecordsIntegrationTests {

	static final int SEND_TIMEOUT_MS = 2000;

	private static final Logger logger = LoggerFactory.getLogger(ServiceMailRecordsIntegrationTests.class);

	/**
	 * Longer than the delivery timeout, and than the age (7 s) at which the poller
	 * publishes a record again: both fail inside the outage.
	 */
	private static final Duration OUTAGE = Duration.ofSeconds(10);

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@Autowired
	ScriptedSmtpServer smtp;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	KafkaConnectionDetails kafka;

	@Autowired
	KafkaAdmin kafkaAdmin;

	@Autowired
	List<ScheduledTaskHolder> schedules;

	@LocalServerPort
	int port;

	@BeforeEach
	void topicsCreatedAfterStartUp() {
		TopicCreationRuns.awaitTheOneAfterStartUp(this.schedules);
	}

	@Test
	void aConfirmationsRecordKafkaCannotTakeIsPublishedOnceItTakesItAndTheConfirmationIsNotSentAgain() {
		String address = Fixtures.newAddress("kafka-away");
		String subscriber;
		String eventId;
		try (TopicOutage outage = TopicOutage.of(bootstrap(), List.of(Topics.MAIL_EVENTS),
				this.kafkaAdmin::initialize)) {
			assertThat(Fixtures.signUpThroughTheApi(new Web(this.port, Fixtures.newClient()), address).statusCode())
				.isEqualTo(202);
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(this.smtp.receivedBy(address)).hasSize(1));
			subscriber = Fixtures.byEmail(this.mongo, address).id();
			await().during(OUTAGE).atMost(OUTAGE.plusSeconds(10)).untilAsserted(() -> {
				assertThat(this.smtp.receivedBy(address)).as("confirmations").hasSize(1);
				assertThat(leftOver(subscriber)).as("records kept").singleElement().satisfies((record) -> {
					assertThat(record.getString("status")).isEqualTo("sent");
					assertThat(record.getString("mail")).isEqualTo("confirmation");
				});
			});
			eventId = leftOver(subscriber).getFirst().getString("eventId");
		}

		long back = System.nanoTime();
		try (TopicReader events = new TopicReader(bootstrap(), Topics.MAIL_EVENTS)) {
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(leftOver(subscriber)).isEmpty());
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(ServiceMailIntegrationTests.recorded(events, subscriber)).isNotEmpty()
					.allSatisfy((recorded) -> {
						assertThat(recorded.eventId()).isEqualTo(EventId.parse(eventId));
						assertThat(recorded.status()).isEqualTo(DeliveryStatus.SENT);
						assertThat(recorded.detail()).doesNotContain(address);
					}));
			logger.info("mail.events unwritable for {}: the confirmation's record published {} ms after it was back",
					OUTAGE, Duration.ofNanos(System.nanoTime() - back).toMillis());
		}
		assertThat(this.smtp.receivedBy(address)).hasSize(1);
	}

	private List<Document> leftOver(String subscriber) {
		Document document = this.mongo.findById(subscriber, Document.class, Subscriber.COLLECTION);
		assertThat(document).isNotNull();
		return document.getList(ServiceMailRecords.FIELD, Document.class, List.of());
	}

	private String bootstrap() {
		return String.join(",", this.kafka.getBootstrapServers());
	}

}
