package org.solidarityalerts.dispatch.digest;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.Action;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertEvent.AlertCancelled;
import org.solidarityalerts.contract.AlertEvent.AlertPublished;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.Campaign;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.LocalizedContent;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.subscriber.Cadence;
import org.solidarityalerts.dispatch.subscriber.Preferences;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.dispatch.subscription.DispatchIntegrationTest;
import org.solidarityalerts.testsupport.Mailbox;
import org.solidarityalerts.testsupport.Mails;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Appeals, news and events wait for the digest of subscribers who asked for one; urgent
 * actions never do.
 */
@DispatchIntegrationTest
class DigestIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final ZoneId LONDON = ZoneId.of("Europe/London");

	@Autowired
	DigestSender digests;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	KafkaTemplate<String, ContractEvent> kafka;

	@Autowired
	Mailbox mailbox;

	@Test
	void alertsForADailyReaderArriveTogetherInOneDigestOnceAndUrgentActionsAtOnce() {
		String campaign = "digest-" + UUID.randomUUID().toString().substring(0, 8);
		Subscriber daily = subscriber("daily-" + campaign + "@example.org", Cadence.DAILY, campaign);
		Subscriber immediate = subscriber("now-" + campaign + "@example.org", Cadence.IMMEDIATE, campaign);

		publish(alert(campaign, AlertKind.APPEAL, "Letters for the dockers"));
		publish(alert(campaign, AlertKind.NEWS, "The court date is set"));
		AlertPublished urgent = publish(alert(campaign, AlertKind.URGENT_ACTION, "Arrested this morning"));

		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(this.mailbox.receivedBy(immediate.email())).hasSize(3);
			assertThat(this.mailbox.receivedBy(daily.email())).singleElement()
				.satisfies((mail) -> assertThat(Mails.subject(mail)).isEqualTo("Arrested this morning"));
			assertThat(waitingItems(daily)).isEqualTo(2);
		});

		Instant tomorrowMorning = ZonedDateTime.now(LONDON).plusDays(1).withHour(9).withMinute(0).toInstant();
		this.digests.sendDue(tomorrowMorning);
		this.digests.sendDue(tomorrowMorning);

		assertThat(this.mailbox.receivedBy(daily.email())).hasSize(2);
		var digest = this.mailbox.receivedBy(daily.email()).get(1);
		assertThat(Mails.subject(digest)).isEqualTo("Your solidarity alerts: 2 alerts");
		assertThat(Mails.text(digest)).contains("Dear Reader,")
			.contains("== Letters for the dockers ==")
			.contains("== The court date is set ==")
			.doesNotContain("Arrested this morning");
		assertThat(Mails.header(digest, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
		assertThat(waitingItems(daily)).isZero();
		assertThat(urgent.alert().kind().urgent()).isTrue();
	}

	@Test
	void anAlertCancelledBeforeTheDigestIsLeftOutOfIt() {
		String campaign = "digest-" + UUID.randomUUID().toString().substring(0, 8);
		Subscriber daily = subscriber("cancelled-" + campaign + "@example.org", Cadence.DAILY, campaign);
		AlertPublished appeal = publish(alert(campaign, AlertKind.APPEAL, "Write to the governor"));
		await().atMost(PATIENCE).until(() -> waitingItems(daily) == 1);
		AlertSnapshot cancelled = new AlertSnapshot(appeal.alert().id(), 2, AlertKind.APPEAL, "test-org",
				appeal.alert().campaign(), "KZ", List.of(), "en", appeal.alert().content(), List.of(), Instant.now(),
				null, null);
		publish(new AlertCancelled(EventId.random(), ContractEvent.SCHEMA_VERSION, Instant.now(), cancelled,
				Map.of("en", "Released.")));
		await().atMost(PATIENCE)
			.until(() -> this.mongo.exists(
					Query.query(Criteria.where("_id").is(appeal.alert().id().toString()).and("cancelled").is(true)),
					"alert_states"));

		this.digests.sendDue(ZonedDateTime.now(LONDON).plusDays(1).withHour(9).toInstant());

		assertThat(this.mailbox.receivedBy(daily.email())).isEmpty();
		assertThat(waitingItems(daily)).isZero();
	}

	private long waitingItems(Subscriber subscriber) {
		return this.mongo.count(Query.query(Criteria.where("subscriberId").is(subscriber.id()).and("digest").isNull()),
				DigestItems.COLLECTION);
	}

	private <E extends AlertEvent> E publish(E event) {
		ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(Topics.alertsFor(event.alert().kind()),
				event.subject(), event);
		EventHeaders.write(record.headers(), event, "/test");
		this.kafka.send(record).join();
		return event;
	}

	private Subscriber subscriber(String email, Cadence cadence, String campaign) {
		Instant now = Instant.now();
		Subscriber subscriber = new Subscriber(UUID.randomUUID().toString(), email, email, "Reader", "GB",
				List.of("en"), LONDON.getId(), SubscriberStatus.CONFIRMED,
				new Preferences(List.of(campaign), List.of(), List.of(), cadence), now, now);
		this.mongo.insert(subscriber);
		return subscriber;
	}

	private static AlertPublished alert(String campaign, AlertKind kind, String title) {
		AlertSnapshot snapshot = new AlertSnapshot(AlertId.random(), 1, kind, "test-org",
				new Campaign(campaign, "Dockers' strike"), "KZ", List.of(), "en",
				Map.of("en", new LocalizedContent(title, "What you can do today.", null, null)),
				List.of(new Action.ShareLink("https://campaign.example.org", null)), Instant.now(), null, null);
		return new AlertPublished(EventId.random(), ContractEvent.SCHEMA_VERSION, Instant.now(), snapshot);
	}

}
