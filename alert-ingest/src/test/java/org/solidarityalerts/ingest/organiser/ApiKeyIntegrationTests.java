package org.solidarityalerts.ingest.organiser;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.ingest.Api;
import org.solidarityalerts.ingest.Api.Reply;
import org.solidarityalerts.ingest.IngestIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only a valid, unrevoked key gets in; only an operator's key manages keys; and each key
 * is held to its rate limit.
 */
@IngestIntegrationTest
class ApiKeyIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	ApiKeys apiKeys;

	Api api;

	@BeforeEach
	void client() {
		this.api = new Api(this.port);
	}

	@Test
	void aRequestWithoutAKeyIsRefused() {
		Reply reply = this.api.get("/api/v1/alerts", null);

		assertThat(reply.status()).isEqualTo(401);
		assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
	}

	@Test
	void aRequestWithAWrongOrMalformedKeyIsRefused() {
		String wrongSecret = IngestIntegrationTest.OPERATOR_KEY.substring(0, 20) + "x".repeat(40);

		assertThat(this.api.get("/api/v1/alerts", wrongSecret).status()).isEqualTo(401);
		assertThat(this.api.get("/api/v1/alerts", "not-a-key").status()).isEqualTo(401);
		assertThat(this.api.get("/api/v1/alerts", "not-a-key").json().path("detail").asString())
			.contains("not valid, or has been revoked");
	}

	@Test
	void anOperatorIssuesAKeyThatWorksUntilItIsRevoked() {
		Reply issued = this.api.post("/api/v1/admin/api-keys", IngestIntegrationTest.OPERATOR_KEY,
				"{\"organisation\": \"justice-for-dana\", \"role\": \"ORGANISER\", \"label\": \"campaign website\"}");
		assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
		String key = issued.json().path("key").asString();
		String id = issued.json().path("id").asString();
		assertThat(issued.header("Location")).isEqualTo("/api/v1/admin/api-keys/" + id);
		assertThat(this.api.get("/api/v1/campaigns", key).status()).isEqualTo(200);

		Reply revoked = this.api.delete("/api/v1/admin/api-keys/" + id, IngestIntegrationTest.OPERATOR_KEY);

		assertThat(revoked.status()).isEqualTo(204);
		assertThat(this.api.get("/api/v1/campaigns", key).status()).isEqualTo(401);
		assertThat(this.api.delete("/api/v1/admin/api-keys/" + id, IngestIntegrationTest.OPERATOR_KEY).status())
			.isEqualTo(404);
	}

	@Test
	void anInvalidKeyRequestIsRefusedNamingEachField() {
		Reply reply = this.api.post("/api/v1/admin/api-keys", IngestIntegrationTest.OPERATOR_KEY,
				"{\"organisation\": \"Justice For Dana!\", \"label\": \"line\\r\\nbreak\"}");

		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.problemFields()).containsExactly("organisation", "role", "label");
	}

	@Test
	void anOrganiserMayNotManageKeys() {
		IssuedKeyFixture organiser = organiser();

		Reply issue = this.api.post("/api/v1/admin/api-keys", organiser.key(),
				"{\"organisation\": \"someone-else\", \"role\": \"OPERATOR\", \"label\": \"takeover\"}");
		Reply revoke = this.api.delete("/api/v1/admin/api-keys/" + organiser.id(), organiser.key());

		assertThat(issue.status()).isEqualTo(403);
		assertThat(issue.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(revoke.status()).isEqualTo(403);
		assertThat(this.api.get("/api/v1/campaigns", organiser.key()).status()).isEqualTo(200);
	}

	@Test
	void aKeyThatGoesOverItsRateLimitIsToldWhenToRetry() {
		IssuedKeyFixture organiser = organiser();
		int allowed = 0;
		long started = System.nanoTime();
		Reply reply = this.api.get("/api/v1/campaigns", organiser.key());
		while (reply.status() == 200 && allowed < 1000) {
			allowed++;
			reply = this.api.get("/api/v1/campaigns", organiser.key());
		}
		// The bucket refills smoothly over the minute: on a slow machine a request or two
		// more may have been earned while these were sent.
		long refilled = (long) Math.ceil((System.nanoTime() - started) / 60e9 * IngestIntegrationTest.REQUESTS_PER_KEY);

		assertThat((long) allowed).isBetween((long) IngestIntegrationTest.REQUESTS_PER_KEY,
				IngestIntegrationTest.REQUESTS_PER_KEY + refilled);
		assertThat(reply.status()).isEqualTo(429);
		assertThat(Long.parseLong(reply.header("Retry-After"))).isBetween(1L, 60L);
		assertThat(reply.json().path("title").asString()).isEqualTo("Too many requests");
		assertThat(this.api.get("/api/v1/campaigns", organiser().key()).status()).isEqualTo(200);
	}

	private IssuedKeyFixture organiser() {
		ApiKeys.IssuedKey issued = this.apiKeys.issue("org-" + UUID.randomUUID().toString().substring(0, 8),
				Role.ORGANISER, "test");
		return new IssuedKeyFixture(issued.id(), issued.key());
	}

	record IssuedKeyFixture(String id, String key) {
	}

}
