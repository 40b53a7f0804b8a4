package org.solidarityalerts.ingest.organiser;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.ingest.Api;
import org.solidarityalerts.ingest.Api.Reply;
import org.solidarityalerts.ingest.IngestIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of the organisers' API, read from the application's own request mappings
 * so that a new one cannot be left out: refused without a key, with a wrong key and with
 * a revoked key, and the operators' endpoints refused to an organiser.
 */
@IngestIntegrationTest
class EveryEndpointIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Autowired
	ApiKeys apiKeys;

	Api api;

	@BeforeEach
	void client() {
		this.api = new Api(this.port);
	}

	@Test
	void everyEndpointRefusesARequestWithoutAKeyWithAWrongKeyOrWithARevokedKey() {
		ApiKeys.IssuedKey revoked = this.apiKeys.issue("justice-for-dana", Role.OPERATOR, "to be revoked");
		assertThat(this.apiKeys.revoke(revoked.id())).isTrue();
		String wrong = IngestIntegrationTest.OPERATOR_KEY.substring(0, 20) + "x".repeat(40);
		List<Endpoint> endpoints = endpoints();
		assertThat(endpoints).as("the API's endpoints").hasSizeGreaterThanOrEqualTo(8);

		for (Endpoint endpoint : endpoints) {
			for (String key : new String[] { null, wrong, "not-a-key", revoked.key() }) {
				Reply reply = call(endpoint, key);
				assertThat(reply.status()).as("%s with key %s", endpoint, key).isEqualTo(401);
				assertThat(reply.header("Content-Type")).as("%s", endpoint).isEqualTo("application/problem+json");
			}
		}
	}

	@Test
	void theOperatorsEndpointsRefuseAnOrganisersKey() {
		String organiser = this.apiKeys.issue("justice-for-dana", Role.ORGANISER, "campaign website").key();
		List<Endpoint> operators = endpoints().stream()
			.filter((endpoint) -> endpoint.path().startsWith("/api/v1/admin/"))
			.toList();
		assertThat(operators).as("the operators' endpoints").isNotEmpty();

		for (Endpoint endpoint : operators) {
			Reply reply = call(endpoint, organiser);
			assertThat(reply.status()).as("%s", endpoint).isEqualTo(403);
		}
	}

	private List<Endpoint> endpoints() {
		List<Endpoint> endpoints = new ArrayList<>();
		this.mappings.getHandlerMethods().forEach((info, method) -> {
			for (String pattern : info.getPatternValues()) {
				if (!pattern.startsWith("/api/")) {
					continue;
				}
				String path = pattern.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
				for (RequestMethod verb : info.getMethodsCondition().getMethods()) {
					endpoints.add(new Endpoint(verb, path));
				}
			}
		});
		return endpoints;
	}

	private Reply call(Endpoint endpoint, String key) {
		return switch (endpoint.method()) {
			case GET -> this.api.get(endpoint.path(), key);
			case POST -> this.api.post(endpoint.path(), key, "{}");
			case PUT -> this.api.put(endpoint.path(), key, "{}");
			case DELETE -> this.api.delete(endpoint.path(), key);
			default -> throw new IllegalStateException("No client call for " + endpoint);
		};
	}

	private record Endpoint(RequestMethod method, String path) {
	}

}
