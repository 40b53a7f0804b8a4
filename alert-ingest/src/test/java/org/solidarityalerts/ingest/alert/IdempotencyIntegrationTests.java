package org.solidarityalerts.ingest.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.ingest.Api;
import org.solidarityalerts.ingest.Api.Reply;
import org.solidarityalerts.ingest.Drafts;
import org.solidarityalerts.ingest.IngestIntegrationTest;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.Organiser;
import org.solidarityalerts.ingest.organiser.Role;
import org.solidarityalerts.testsupport.TestClock;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A POST with an {@code Idempotency-Key} can be retried safely: retries, even concurrent
 * ones and ones after a crash, create one alert.
 */
@IngestIntegrationTest
class IdempotencyIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	ApiKeys apiKeys;

	@Autowired
	TestClock clock;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	AlertService alerts;

	@Autowired
	IdempotentPosts idempotentPosts;

	@Autowired
	JsonMapper jsonMapper;

	Api api;

	String organisation;

	String key;

	@BeforeEach
	void organiser() {
		this.api = new Api(this.port);
		this.organisation = "org-" + UUID.randomUUID().toString().substring(0, 8);
		this.key = this.apiKeys.issue(this.organisation, Role.ORGANISER, "test").key();
	}

	@Test
	void aRetryWithTheSameKeyAndBodyGetsTheFirstResponseAndCreatesNothing() {
		String body = Drafts.of("urgent-action", this.clock.instant()).toString();

		Reply first = this.api.post("/api/v1/alerts", this.key, body, "Idempotency-Key", "retry-1");
		Reply retry = this.api.post("/api/v1/alerts", this.key, body, "Idempotency-Key", "retry-1");

		assertThat(first.status()).as(first.toString()).isEqualTo(202);
		assertThat(retry.status()).isEqualTo(202);
		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
		assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(alertsOfOrganisation()).isEqualTo(1);
	}

	@Test
	void theSameKeyWithAnotherBodyIsRefused() {
		ObjectNode draft = Drafts.of("urgent-action", this.clock.instant());
		this.api.post("/api/v1/alerts", this.key, draft.toString(), "Idempotency-Key", "retry-2");

		Reply other = this.api.post("/api/v1/alerts", this.key, draft.put("subjectCountry", "TR").toString(),
				"Idempotency-Key", "retry-2");

		assertThat(other.status()).as(other.toString()).isEqualTo(422);
		assertThat(other.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(other.problemFields()).containsExactly("Idempotency-Key");
		assertThat(alertsOfOrganisation()).isEqualTo(1);
	}

	@Test
	void concurrentRetriesCreateOneAlert() throws Exception {
		String body = Drafts.of("urgent-action", this.clock.instant()).toString();
		List<Callable<Reply>> retries = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			retries.add(() -> this.api.post("/api/v1/alerts", this.key, body, "Idempotency-Key", "retry-3"));
		}

		List<Reply> replies = new ArrayList<>();
		try (ExecutorService executor = Executors.newFixedThreadPool(8)) {
			for (Future<Reply> reply : executor.invokeAll(retries)) {
				replies.add(reply.get());
			}
		}

		assertThat(replies).map(Reply::status).isSubsetOf(202, 409).contains(202);
		assertThat(replies).filteredOn((reply) -> reply.status() == 202)
			.map((reply) -> reply.json().path("id").asString())
			.containsOnly(replies.stream()
				.filter((reply) -> reply.status() == 202)
				.findFirst()
				.orElseThrow()
				.json()
				.path("id")
				.asString());
		assertThat(alertsOfOrganisation()).isEqualTo(1);
		Reply later = this.api.post("/api/v1/alerts", this.key, body, "Idempotency-Key", "retry-3");
		assertThat(later.status()).isEqualTo(202);
		assertThat(alertsOfOrganisation()).isEqualTo(1);
	}

	@Test
	void aRefusedRequestDoesNotUseUpItsKey() {
		ObjectNode draft = Drafts.of("appeal", this.clock.instant());
		Reply refused = this.api.post("/api/v1/alerts", this.key, draft.put("subjectCountry", "Nowhere").toString(),
				"Idempotency-Key", "retry-4");

		Reply corrected = this.api.post("/api/v1/alerts", this.key, draft.put("subjectCountry", "KZ").toString(),
				"Idempotency-Key", "retry-4");

		assertThat(refused.status()).isEqualTo(400);
		assertThat(corrected.status()).as(corrected.toString()).isEqualTo(202);
		assertThat(alertsOfOrganisation()).isEqualTo(1);
	}

	@Test
	void organisationsKeysDoNotCollide() {
		String otherKey = this.apiKeys.issue(this.organisation + "-other", Role.ORGANISER, "test").key();
		String body = Drafts.of("news", this.clock.instant()).toString();

		Reply ours = this.api.post("/api/v1/alerts", this.key, body, "Idempotency-Key", "shared-key");
		Reply theirs = this.api.post("/api/v1/alerts", otherKey, body, "Idempotency-Key", "shared-key");

		assertThat(ours.status()).isEqualTo(202);
		assertThat(theirs.status()).isEqualTo(202);
		assertThat(theirs.json().path("id").asString()).isNotEqualTo(ours.json().path("id").asString());
	}

	@Test
	void aRetryAfterTheFirstRequestCrashedAfterStoringGetsThatAlertAndCreatesNoOther() {
		String body = Drafts.of("urgent-action", this.clock.instant()).toString();
		Reply first = this.api.post("/api/v1/alerts", this.key, body, "Idempotency-Key", "crash-1");
		String id = first.json().path("id").asString();
		// As a crash between storing the alert and recording the response leaves the key:
		// reserved for this alert, without a response, its lease run out.
		this.mongo.updateFirst(Query.query(Criteria.where("organisation").is(this.organisation)),
				new Update().unset("status")
					.unset("body")
					.set("lockedUntil", this.clock.instant().minus(Duration.ofSeconds(1))),
				IdempotencyRecord.class);

		Reply retry = this.api.post("/api/v1/alerts", this.key, body, "Idempotency-Key", "crash-1");

		assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
		assertThat(retry.json().path("id").asString()).isEqualTo(id);
		assertThat(alertsOfOrganisation()).isEqualTo(1);
	}

	@Test
	void aRetryAfterTheFirstRequestCrashedBeforeStoringStoresTheAlertUnderTheReservedId() {
		String body = Drafts.of("appeal", this.clock.instant()).toString();
		AlertId reserved = AlertId.random();
		String hash = this.idempotentPosts.requestHash(this.jsonMapper.readValue(body, AlertDraft.class));
		this.mongo.insert(new IdempotencyRecord(IdempotentPosts.recordId(this.organisation, "crash-2"),
				this.organisation, hash, reserved.toString(), this.clock.instant().minus(Duration.ofSeconds(1)), null,
				null, null, this.clock.instant(), this.clock.instant().plus(Duration.ofHours(1))));

		Reply retry = this.api.post("/api/v1/alerts", this.key, body, "Idempotency-Key", "crash-2");

		assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
		assertThat(retry.json().path("id").asString()).isEqualTo(reserved.toString());
		assertThat(this.alerts.get(new Organiser(this.organisation, "k", Role.ORGANISER), reserved.toString()))
			.isNotNull();
		assertThat(alertsOfOrganisation()).isEqualTo(1);
	}

	private long alertsOfOrganisation() {
		return this.mongo.count(Query.query(Criteria.where("organisation").is(this.organisation)), StoredAlert.class);
	}

}
