package org.solidarityalerts.ingest.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.ingest.Api;
import org.solidarityalerts.ingest.Api.Reply;
import org.solidarityalerts.ingest.Drafts;
import org.solidarityalerts.ingest.IngestIntegrationTest;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.Role;
import org.solidarityalerts.testsupport.TestClock;
import org.solidarityalerts.testsupport.TopicReader;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The organisers' API under a bounded concurrent load on loopback: every acknowledged
 * alert is stored and published, and a key that asks too much is answered 429 with
 * {@code Retry-After}, not with errors.
 */
@IngestIntegrationTest
class ApiLoadIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger("reliability.figures");

	private static final int ORGANISATIONS = 8;

	private static final int POSTS_EACH = 30;

	private static final int GREEDY_POSTS = IngestIntegrationTest.REQUESTS_PER_KEY + 20;

	@LocalServerPort
	int port;

	@Autowired
	ApiKeys keys;

	@Autowired
	TestClock clock;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	KafkaConnectionDetails kafka;

	@Test
	void concurrentOrganisersLoseNothingAndAGreedyKeyIsToldToWait() throws Exception {
		Api api = new Api(this.port);
		List<String> organiserKeys = new ArrayList<>();
		for (int i = 0; i < ORGANISATIONS; i++) {
			organiserKeys.add(this.keys.issue("load-" + i, Role.ORGANISER, "load test").key());
		}
		String greedyKey = this.keys.issue("load-greedy", Role.ORGANISER, "load test").key();
		String body = Drafts.of("urgent-action", this.clock.instant()).toString();
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<Reply> greedyReplies = new ConcurrentLinkedQueue<>();
		long started = System.nanoTime();
		try (ExecutorService pool = Executors.newFixedThreadPool(ORGANISATIONS + 1)) {
			List<CompletableFuture<Void>> runs = new ArrayList<>();
			for (String key : organiserKeys) {
				runs.add(CompletableFuture.runAsync(() -> {
					for (int i = 0; i < POSTS_EACH; i++) {
						long start = System.nanoTime();
						replies.add(api.post("/api/v1/alerts", key, body));
						latencies.add(System.nanoTime() - start);
					}
				}, pool));
			}
			runs.add(CompletableFuture.runAsync(() -> {
				for (int i = 0; i < GREEDY_POSTS; i++) {
					greedyReplies.add(api.post("/api/v1/alerts", greedyKey, body));
				}
			}, pool));
			CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
		}
		Duration wall = Duration.ofNanos(System.nanoTime() - started);

		assertThat(replies).hasSize(ORGANISATIONS * POSTS_EACH)
			.allSatisfy((reply) -> assertThat(reply.status()).as(reply.toString()).isEqualTo(202));
		// The key's bucket holds a minute's allowance and refills continuously, so what
		// refilled during the run may
		// pass too; every other request is told to wait.
		long refilled = (long) Math.ceil(wall.toMillis() / 60_000.0 * IngestIntegrationTest.REQUESTS_PER_KEY);
		long greedyAccepted = greedyReplies.stream().filter((reply) -> reply.status() == 202).count();
		assertThat(greedyAccepted).isBetween((long) IngestIntegrationTest.REQUESTS_PER_KEY,
				IngestIntegrationTest.REQUESTS_PER_KEY + refilled);
		assertThat(greedyReplies).filteredOn((reply) -> reply.status() != 202)
			.hasSize((int) (GREEDY_POSTS - greedyAccepted))
			.isNotEmpty()
			.allSatisfy((reply) -> {
				assertThat(reply.status()).isEqualTo(429);
				assertThat(reply.header("Retry-After")).isNotBlank().containsOnlyDigits();
			});
		Set<String> acknowledged = new HashSet<>();
		for (Reply reply : replies) {
			acknowledged.add(reply.json().path("id").asString());
		}
		for (Reply reply : greedyReplies) {
			if (reply.status() == 202) {
				acknowledged.add(reply.json().path("id").asString());
			}
		}
		assertThat(acknowledged).hasSize((int) (ORGANISATIONS * POSTS_EACH + greedyAccepted));
		assertThat(this.mongo.count(Query.query(Criteria.where("_id").in(acknowledged)), StoredAlert.class))
			.isEqualTo(acknowledged.size());
		try (TopicReader urgent = new TopicReader(String.join(",", this.kafka.getBootstrapServers()),
				Topics.ALERTS_URGENT)) {
			await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
				Set<String> published = new HashSet<>();
				for (ConsumerRecord<String, byte[]> record : urgent.records()) {
					published.add(record.key());
				}
				assertThat(published).containsAll(acknowledged);
			});
		}
		List<Long> sorted = new ArrayList<>(latencies);
		Collections.sort(sorted);
		logger.info(
				"API load: {} organisers x {} posts + 1 greedy key x {}; {} acknowledged, 0 lost; {} answered 429; "
						+ "wall {} ms; latency p50 {} ms, p99 {} ms",
				ORGANISATIONS, POSTS_EACH, GREEDY_POSTS, acknowledged.size(), GREEDY_POSTS - greedyAccepted,
				wall.toMillis(), millis(sorted, 0.50), millis(sorted, 0.99));
	}

	private static long millis(List<Long> sortedNanos, double quantile) {
		int index = (int) Math.min(sortedNanos.size() - 1, Math.ceil(quantile * sortedNanos.size()) - 1);
		return Duration.ofNanos(sortedNanos.get(index)).toMillis();
	}

}
