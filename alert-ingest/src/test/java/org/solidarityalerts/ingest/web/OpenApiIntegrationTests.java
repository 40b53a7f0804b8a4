package org.solidarityalerts.ingest.web;

import org.junit.jupiter.api.Test;
import org.solidarityalerts.ingest.Api;
import org.solidarityalerts.ingest.Api.Reply;
import org.solidarityalerts.ingest.IngestIntegrationTest;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API describes itself in OpenAPI, with a browsable UI, without a key.
 */
@IngestIntegrationTest
class OpenApiIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void theOpenApiDescriptionListsEveryEndpoint() {
		Reply reply = new Api(this.port).get("/v3/api-docs", null);

		assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
		assertThat(reply.json().path("paths").propertyNames()).contains("/api/v1/alerts", "/api/v1/alerts/{id}",
				"/api/v1/alerts/{id}/cancel", "/api/v1/campaigns", "/api/v1/admin/api-keys",
				"/api/v1/admin/api-keys/{id}");
		assertThat(reply.json().at("/components/securitySchemes/apiKey/scheme").asString()).isEqualTo("bearer");
	}

	@Test
	void theBrowsableUiIsServed() {
		Reply reply = new Api(this.port).get("/swagger-ui/index.html", null);

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.body()).contains("swagger-ui");
	}

}
