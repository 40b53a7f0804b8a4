package org.solidarityalerts.ingest.alert;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

import io.github.bucket4j.ConsumptionProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.solidarityalerts.ingest.Api.Reply;
import org.solidarityalerts.ingest.Drafts;
import org.solidarityalerts.ingest.IngestProperties;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.ApiRateLimits;
import org.solidarityalerts.ingest.organiser.Organiser;
import org.solidarityalerts.ingest.organiser.OrganiserWeb;
import org.solidarityalerts.ingest.organiser.Role;
import org.solidarityalerts.ingest.web.ApiWeb;
import org.solidarityalerts.testsupport.TestClock;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.solidarityalerts.ingest.alert.BadDrafts.raw;
import static org.solidarityalerts.ingest.alert.BadDrafts.set;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Every kind of bad input is answered with a 4xx problem detail that names the field and
 * the reason, and never reaches the store: no alert, no version, no idempotency key. A
 * web slice: the alerts API with its real checks, strict JSON and UTF-8 reading and
 * security chains, the store and the keys mocked, no Kafka or MongoDB.
 * {@link BadInputIntegrationTests} proves end to end that nothing of bad input is stored.
 */
@WebMvcTest(properties = { "spring.config.name=ingest", "alert.ingest.limits.requests-per-key=40",
		"alert.ingest.limits.max-request-size=256KB" })
class BadInputWebTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	TestClock clock;

	@MockitoBean
	AlertStore store;

	@MockitoBean
	IdempotentPosts idempotentPosts;

	@MockitoBean
	ApiKeys apiKeys;

	@MockitoBean
	ApiRateLimits rateLimits;

	String key;

	@BeforeEach
	void organiser() {
		this.key = "sa_" + UUID.randomUUID().toString().replace("-", "");
		given(this.apiKeys.authenticate(anyString())).willAnswer((invocation) -> Optional
			.of(new Organiser("org-web", invocation.getArgument(0, String.class), Role.ORGANISER)));
		given(this.rateLimits.take(anyString())).willReturn(ConsumptionProbe.consumed(39, 0));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("org.solidarityalerts.ingest.alert.BadDrafts#badAlerts")
	void aBadAlertIsRefusedNamingTheFieldAndNothingIsStored(BiFunction<ObjectNode, Instant, String> body, String field)
			throws Exception {
		assertRefusedAndNothingStored("urgent-action", body, field);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("org.solidarityalerts.ingest.alert.BadDrafts#badEvents")
	void aBadEventIsRefusedNamingTheFieldAndNothingIsStored(BiFunction<ObjectNode, Instant, String> body, String field)
			throws Exception {
		assertRefusedAndNothingStored("event", body, field);
	}

	@Test
	void aFieldLargerThanItsLimitIsRefusedNamingIt() throws Exception {
		ObjectNode draft = Drafts.of("appeal", this.clock.instant());

		Reply reply = send(
				json(post("/api/v1/alerts"), set(draft, "/content/en", "suggestedMessage", "x".repeat(10_001))));

		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.problemFields()).containsExactly("content.en.suggestedMessage");
		thenNothingIsStored();
	}

	@Test
	void aDocumentNestedTooDeeplyIsRefusedWithoutNamingTheLibrary() throws Exception {
		ObjectNode draft = Drafts.of("appeal", this.clock.instant());
		String nested = "[".repeat(1_500) + "]".repeat(1_500);

		Reply reply = send(json(post("/api/v1/alerts"), raw(draft, "", "tags", nested)));

		assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
		assertThat(reply.body()).doesNotContain("`", "Constraints", "jackson", "Exception", "()");
		thenNothingIsStored();
	}

	@Test
	void aListFilterBeyondTheStorableYearsIsRefusedNamingIt() throws Exception {
		Reply from = send(authorised(get("/api/v1/alerts?from=%2B300000000-01-01T00:00:00Z")));
		Reply to = send(authorised(get("/api/v1/alerts?to=-300000000-01-01T00:00:00Z")));

		assertThat(from.status()).as(from.toString()).isEqualTo(400);
		assertThat(from.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(from.problemFields()).containsExactly("from");
		assertThat(to.status()).as(to.toString()).isEqualTo(400);
		assertThat(to.problemFields()).containsExactly("to");
		assertThat(from.header("Set-Cookie")).isNull();
		then(this.store).shouldHaveNoInteractions();
	}

	private void assertRefusedAndNothingStored(String kind, BiFunction<ObjectNode, Instant, String> body, String field)
			throws Exception {
		String json = body.apply(Drafts.of(kind, this.clock.instant()), this.clock.instant());

		Reply reply = send(json(post("/api/v1/alerts"), json).header("Idempotency-Key", UUID.randomUUID().toString()));

		assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
		assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(reply.header("Set-Cookie")).isNull();
		assertThat(reply.problemFields()).as(reply.toString()).contains(field);
		assertThat(reply.json().path("errors").valueStream().map((error) -> error.path("reason").asString()))
			.allSatisfy((reason) -> assertThat(reason).isNotBlank());
		thenNothingIsStored();
	}

	private void thenNothingIsStored() {
		then(this.store).shouldHaveNoInteractions();
		then(this.idempotentPosts).shouldHaveNoInteractions();
	}

	private MockHttpServletRequestBuilder authorised(MockHttpServletRequestBuilder request) {
		return request.header("Authorization", "Bearer " + this.key);
	}

	/** A request as {@code Api} sends it: the key, and a body of JSON in UTF-8. */
	private MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
		return authorised(request).header("Content-Type", "application/json")
			.content(body.getBytes(StandardCharsets.UTF_8));
	}

	private Reply send(MockHttpServletRequestBuilder request) throws Exception {
		MockHttpServletResponse response = this.mvc.perform(request).andReturn().getResponse();
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String name : response.getHeaderNames()) {
			headers.put(name, response.getHeaders(name));
		}
		return new Reply(response.getStatus(), headers, response.getContentAsString(StandardCharsets.UTF_8));
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ AlertController.class, AlertProblems.class, AlertService.class, AlertValidator.class, ApiWeb.class,
			OrganiserWeb.class, TestClock.Configuration.class })
	@EnableConfigurationProperties(IngestProperties.class)
	static class AlertsWeb {

	}

}
