package org.solidarityalerts.dispatch.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.dispatch.subscription.Fixtures;
import org.solidarityalerts.contract.AlertEvent.AlertPublished;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An urgent action does not queue behind a bulk appeal that is being sent: it has topics,
 * listener containers and consumer groups of its own.
 */
@ScriptedSmtpIntegrationTest
class UrgentPriorityIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(UrgentPriorityIntegrationTests.class);

	private static final int APPEAL_AUDIENCE = 300;

	@Autowired
	ScriptedSmtpServer smtp;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	KafkaTemplate<String, ContractEvent> kafka;

	@AfterEach
	void fastAgain() {
		this.smtp.latency(Duration.ZERO);
	}

	@Test
	void anUrgentActionOvertakesABulkAppealInProgress() {
		DeliveryFixtures fixtures = new DeliveryFixtures(this.kafka, this.mongo);
		String appealCampaign = DeliveryFixtures.campaign();
		List<Subscriber> readers = new ArrayList<>();
		for (int i = 0; i < APPEAL_AUDIENCE; i++) {
			readers.add(DeliveryFixtures.newSubscriber("reader" + i + "-" + appealCampaign + "@example.org",
					appealCampaign));
		}
		this.mongo.insertAll(readers);
		String urgentCampaign = DeliveryFixtures.campaign();
		Subscriber urgentReader = fixtures.subscriber("urgent-" + urgentCampaign + "@example.org", urgentCampaign);
		this.smtp.clear();
		this.smtp.latency(Duration.ofMillis(20));

		fixtures.publish(DeliveryFixtures.alert(appealCampaign, 1, AlertKind.APPEAL));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.smtp.received().size() >= 20);
		Instant posted = Instant.now();
		AlertPublished urgent = fixtures.publish(DeliveryFixtures.alert(urgentCampaign, 1));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.smtp.receivedBy(urgentReader.email())).hasSize(1));
		Duration urgentLatency = Duration.between(posted, Instant.now());
		int appealSentMeanwhile = this.smtp.received().size() - 1;
		logger.info("Urgent action delivered {} ms after posting, with {} of {} appeal e-mails sent",
				urgentLatency.toMillis(), appealSentMeanwhile, APPEAL_AUDIENCE);

		assertThat(appealSentMeanwhile).as("the appeal was still being sent when the urgent action arrived")
			.isLessThan(APPEAL_AUDIENCE);
		// The ledger records the outcome just after the SMTP server's reply.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(fixtures.status(urgent.alertVersion(), urgentReader)).isEqualTo("sent"));
		await().atMost(Duration.ofSeconds(90))
			.untilAsserted(() -> assertThat(this.smtp.received()).hasSize(APPEAL_AUDIENCE + 1));
		for (Subscriber reader : readers) {
			assertThat(this.smtp.receivedBy(reader.email())).hasSize(1);
		}
		assertThat(this.smtp.connectionsUsed()).as("SMTP connections used for %d messages", APPEAL_AUDIENCE + 1)
			.isLessThanOrEqualTo(4);
	}

}
