package org.solidarityalerts.dispatch.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.dispatch.subscription.Fixtures;
import org.solidarityalerts.contract.AlertEvent.AlertPublished;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Urgent actions after quiet spells, through a relay that closes connections left idle,
 * as real relays do (here after one second, as a provider would after 30 s; dispatch's
 * own {@code max-idle} is left at its default of 15 s, so it is the relay that drops the
 * pooled connection first). Each action must be sent on its first attempt: the dropped
 * connection is replaced before anything is deferred. The time from post to the relay is
 * logged; its target (p99 under 1 s) is measured by the idle-relay benchmark, on a
 * machine doing nothing else (docs/benchmarks.md), since here it depends on what else the
 * build runs at the same time.
 */
@IdleRelayIntegrationTest
class IdleRelayIntegrationTests {

	private static final Logger figures = LoggerFactory.getLogger("reliability.figures");

	private static final int TRIES = 20;

	@Autowired
	ScriptedSmtpServer smtp;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	KafkaTemplate<String, ContractEvent> kafka;

	@Test
	void anUrgentActionAfterAnIdleSpellIsSentOnItsFirstAttempt() {
		DeliveryFixtures fixtures = new DeliveryFixtures(this.kafka, this.mongo);
		// The relay is shared with the other classes of the context: count from here.
		int before = this.smtp.received().size();
		// One alert first, so Kafka's first fetches and group assignments are not timed.
		String warmUp = DeliveryFixtures.campaign();
		Subscriber first = fixtures.subscriber("warm-" + warmUp + "@example.org", warmUp);
		fixtures.publish(DeliveryFixtures.alert(warmUp, 1));
		await().atMost(Duration.ofSeconds(60)).until(() -> this.smtp.receivedBy(first.email()).size() == 1);
		List<Long> latencies = new ArrayList<>();
		for (int i = 0; i < TRIES; i++) {
			String campaign = DeliveryFixtures.campaign();
			Subscriber reader = fixtures.subscriber("idle-" + i + "-" + campaign + "@example.org", campaign);
			int ended = this.smtp.sessionsEnded();
			// The quiet spell: the relay has timed out and closed every connection
			// dispatch kept.
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(this.smtp.sessionsOpen())
					.as("open sessions; ended %d, before %d", this.smtp.sessionsEnded(), ended)
					.isZero());

			long posted = System.nanoTime();
			AlertPublished alert = fixtures.publish(DeliveryFixtures.alert(campaign, 1));
			await().atMost(Duration.ofSeconds(30)).until(() -> this.smtp.receivedBy(reader.email()).size() == 1);
			latencies.add((System.nanoTime() - posted) / 1_000_000);

			// The relay has the message before dispatch has its reply and records it.
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(fixtures.status(alert.alertVersion(), reader)).isEqualTo("sent"));
			assertThat(fixtures.ledger(alert.alertVersion(), reader).getInteger("attempts"))
				.as("sent on the first attempt, never deferred")
				.isEqualTo(1);
		}
		List<Long> sorted = latencies.stream().sorted().toList();
		long p50 = sorted.get(sorted.size() / 2);
		long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
		figures.info(
				"urgent action after the relay closed idle connections: {} tries, p50 {} ms, p99 {} ms, "
						+ "slowest {} ms; relay sessions ended {}",
				TRIES, p50, p99, sorted.getLast(), this.smtp.sessionsEnded());
		assertThat(this.smtp.received()).hasSize(before + TRIES + 1);
	}

}
