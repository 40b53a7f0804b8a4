package org.solidarityalerts.ingest.alert;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertEvent.AlertCancelled;
import org.solidarityalerts.contract.AlertEvent.AlertPublished;
import org.solidarityalerts.contract.AlertEvent.AlertUpdated;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.ingest.Api;
import org.solidarityalerts.ingest.Api.Reply;
import org.solidarityalerts.ingest.Drafts;
import org.solidarityalerts.ingest.IngestIntegrationTest;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.Role;
import org.solidarityalerts.testsupport.TestClock;
import org.solidarityalerts.testsupport.TopicReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Organisers post each kind of alert, correct it with new versions and call it off; each
 * change reaches Kafka in order, under the alert's key, with the contract's headers.
 */
@IngestIntegrationTest
class AlertLifecycleIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	ApiKeys apiKeys;

	@Autowired
	TestClock clock;

	@Autowired
	KafkaConnectionDetails kafka;

	Api api;

	String key;

	@BeforeEach
	void organiser() {
		this.api = new Api(this.port);
		this.key = this.apiKeys.issue("org-" + UUID.randomUUID().toString().substring(0, 8), Role.ORGANISER, "test")
			.key();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "urgent-action", "appeal", "news", "event" })
	void eachKindIsPublishedOnItsTopicWithTheContractsHeaders(String kind) {
		Reply posted = this.api.post("/api/v1/alerts", this.key, Drafts.of(kind, this.clock.instant()).toString());

		assertThat(posted.status()).as(posted.toString()).isEqualTo(202);
		String id = posted.json().path("id").asString();
		assertThat(posted.header("Location")).isEqualTo("/api/v1/alerts/" + id);
		AlertKind alertKind = AlertKind.valueOf(kind.toUpperCase().replace('-', '_'));
		List<ConsumerRecord<String, byte[]>> records = awaitRecords(Topics.alertsFor(alertKind), id, 1);
		ConsumerRecord<String, byte[]> record = records.getFirst();
		assertThat(header(record, EventHeaders.SPEC_VERSION)).isEqualTo("1.0");
		assertThat(header(record, EventHeaders.TYPE)).isEqualTo("alert.published");
		assertThat(header(record, EventHeaders.SUBJECT)).isEqualTo(id);
		assertThat(header(record, EventHeaders.SOURCE)).isEqualTo("/alert-ingest");
		assertThat(header(record, EventHeaders.ALERT_KIND)).isEqualTo(kind);
		assertThat(header(record, EventHeaders.ALERT_VERSION)).isEqualTo("1");
		assertThat(header(record, EventHeaders.SCHEMA_VERSION)).isEqualTo(String.valueOf(ContractEvent.SCHEMA_VERSION));
		assertThat(header(record, EventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
		AlertEvent event = event(record);
		assertThat(header(record, EventHeaders.ID)).isEqualTo(event.eventId().toString());
		assertThat(event).isInstanceOfSatisfying(AlertPublished.class, (published) -> {
			assertThat(published.alert().kind()).isEqualTo(alertKind);
			assertThat(published.alert().content().get("en").title()).isEqualTo("Dana Serikova begins a hunger strike");
			assertThat(published.alert().actions()).hasSize(Drafts.of(kind, Instant.now()).path("actions").size());
		});
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(
					this.api.get("/api/v1/alerts/" + id, this.key).json().path("publishing").asString())
				.isEqualTo("published"));
	}

	@Test
	void anUpdateAndACancelArriveAfterTheirAlertInOrderUnderTheSameKey() {
		String id = post("urgent-action");
		ObjectNode correction = Drafts.of("urgent-action", this.clock.instant());
		((ObjectNode) correction.at("/content/en")).put("summary", "The court review is set for 25 November.");

		Reply updated = this.api.put("/api/v1/alerts/" + id, this.key, correction.toString());
		Reply cancelled = this.api.post("/api/v1/alerts/" + id + "/cancel", this.key,
				"{\"reason\": {\"en\": \"Released: no further action\", \"es\": \"Liberada\"}}");

		assertThat(updated.status()).as(updated.toString()).isEqualTo(202);
		assertThat(updated.json().path("version").asInt()).isEqualTo(2);
		assertThat(updated.header("ETag")).isEqualTo("\"2\"");
		assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(202);
		assertThat(cancelled.json().path("state").asString()).isEqualTo("cancelled");
		List<AlertEvent> events = awaitRecords(Topics.ALERTS_URGENT, id, 3).stream().map(this::event).toList();
		assertThat(events).map(AlertEvent::getClass)
			.containsExactly(AlertPublished.class, AlertUpdated.class, AlertCancelled.class);
		assertThat(events).map((event) -> event.alert().version()).containsExactly(1, 2, 3);
		assertThat(((AlertUpdated) events.get(1)).replacesVersion()).isEqualTo(1);
		assertThat(events.get(1).alert().content().get("en").summary())
			.isEqualTo("The court review is set for 25 November.");
		assertThat(((AlertCancelled) events.get(2)).reason()).containsEntry("en", "Released: no further action");
		JsonNode view = this.api.get("/api/v1/alerts/" + id, this.key).json();
		assertThat(view.path("versions").valueStream().map((version) -> version.path("type").asString()))
			.containsExactly("alert.published", "alert.updated", "alert.cancelled");
	}

	@Test
	void aCancelledAlertCannotBeCancelledOrUpdatedAgain() {
		String id = post("appeal");
		assertThat(cancel(id).status()).isEqualTo(202);

		Reply again = cancel(id);
		Reply update = this.api.put("/api/v1/alerts/" + id, this.key,
				Drafts.of("appeal", this.clock.instant()).toString());

		assertThat(again.status()).as(again.toString()).isEqualTo(409);
		assertThat(again.json().path("title").asString()).isEqualTo("Alert already cancelled");
		assertThat(update.status()).as(update.toString()).isEqualTo(409);
		assertThat(this.api.get("/api/v1/alerts/" + id, this.key).json().path("versions").size()).isEqualTo(2);
	}

	@Test
	void ofConcurrentUpdatesOfTheSameVersionExactlyOneWins() throws Exception {
		String id = post("urgent-action");
		List<Callable<Reply>> updates = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			ObjectNode draft = Drafts.of("urgent-action", this.clock.instant());
			((ObjectNode) draft.at("/content/en")).put("summary", "Correction number " + i);
			updates.add(() -> this.api.put("/api/v1/alerts/" + id, this.key, draft.toString(), "If-Match", "\"1\""));
		}

		List<Integer> statuses = new ArrayList<>();
		try (ExecutorService executor = Executors.newFixedThreadPool(6)) {
			for (Future<Reply> reply : executor.invokeAll(updates)) {
				statuses.add(reply.get().status());
			}
		}

		assertThat(statuses).as("each loser's If-Match named the version the winner replaced")
			.isSubsetOf(202, 412)
			.filteredOn((status) -> status == 202)
			.hasSize(1);
		JsonNode view = this.api.get("/api/v1/alerts/" + id, this.key).json();
		assertThat(view.path("version").asInt()).isEqualTo(2);
		assertThat(view.path("versions").size()).isEqualTo(2);
	}

	@Test
	void anUpdateBasedOnAVersionThatIsNoLongerCurrentIsRefused() {
		String id = post("news");
		assertThat(this.api
			.put("/api/v1/alerts/" + id, this.key, Drafts.of("news", this.clock.instant()).toString(), "If-Match",
					"\"1\"")
			.status()).isEqualTo(202);

		Reply stale = this.api.put("/api/v1/alerts/" + id, this.key, Drafts.of("news", this.clock.instant()).toString(),
				"If-Match", "\"1\"");

		assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
		assertThat(stale.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(stale.json().path("currentVersion").asInt()).isEqualTo(2);
	}

	@Test
	void anotherOrganisationsAlertCannotBeSeenChangedOrCancelled() {
		String id = post("urgent-action");
		String otherKey = this.apiKeys.issue("another-organisation", Role.ORGANISER, "test").key();

		Reply seen = this.api.get("/api/v1/alerts/" + id, otherKey);
		Reply changed = this.api.put("/api/v1/alerts/" + id, otherKey,
				Drafts.of("urgent-action", this.clock.instant()).toString());
		Reply cancelled = this.api.post("/api/v1/alerts/" + id + "/cancel", otherKey,
				"{\"reason\": {\"en\": \"Not ours to cancel\"}}");
		Reply listed = this.api.get("/api/v1/alerts", otherKey);

		assertThat(List.of(seen.status(), changed.status(), cancelled.status())).containsOnly(404);
		assertThat(listed.json().path("items").valueStream().map((item) -> item.path("id").asString()))
			.doesNotContain(id);
		JsonNode view = this.api.get("/api/v1/alerts/" + id, this.key).json();
		assertThat(view.path("version").asInt()).isEqualTo(1);
		assertThat(view.path("state").asString()).isEqualTo("active");
	}

	@Test
	void anAlertThatDoesNotExistCannotBeChangedOrCancelled() {
		String missing = UUID.randomUUID().toString();

		Reply changed = this.api.put("/api/v1/alerts/" + missing, this.key,
				Drafts.of("appeal", this.clock.instant()).toString());
		Reply cancelled = cancel(missing);

		assertThat(changed.status()).isEqualTo(404);
		assertThat(cancelled.status()).isEqualTo(404);
		assertThat(cancelled.json().path("title").asString()).isEqualTo("Alert not found");
	}

	@Test
	void theListFiltersByCampaignKindStateAndDateAndPagesNewestFirst() {
		List<String> posted = new ArrayList<>();
		for (String kind : List.of("urgent-action", "appeal", "news", "event", "appeal")) {
			posted.add(post(kind));
			this.clock.advance(Duration.ofMillis(5));
		}
		ObjectNode other = Drafts.of("appeal", this.clock.instant());
		((ObjectNode) other.path("campaign")).put("id", "homes-not-debts").put("name", "Homes not debts");
		other.put("publishAt", this.clock.instant().plus(2, ChronoUnit.DAYS).toString());
		String embargoed = this.api.post("/api/v1/alerts", this.key, other.toString()).json().path("id").asString();
		cancel(posted.get(1));

		assertThat(ids("")).containsExactly(embargoed, posted.get(4), posted.get(3), posted.get(2), posted.get(1),
				posted.get(0));
		assertThat(ids("?campaign=homes-not-debts")).containsExactly(embargoed);
		assertThat(ids("?kind=appeal")).containsExactly(embargoed, posted.get(4), posted.get(1));
		assertThat(ids("?state=cancelled")).containsExactly(posted.get(1));
		assertThat(ids("?kind=appeal&state=active&campaign=free-dana-serikova")).containsExactly(posted.get(4));
		assertThat(ids("?from=" + this.clock.instant().plus(1, ChronoUnit.DAYS))).containsExactly(embargoed);
		List<String> paged = new ArrayList<>();
		for (int page = 0; page < 3; page++) {
			JsonNode list = this.api.get("/api/v1/alerts?size=2&page=" + page, this.key).json();
			assertThat(list.path("totalItems").asLong()).isEqualTo(6);
			assertThat(list.path("totalPages").asInt()).isEqualTo(3);
			list.path("items").valueStream().map((item) -> item.path("id").asString()).forEach(paged::add);
		}
		assertThat(paged).isEqualTo(ids(""));
		Reply tooLarge = this.api.get("/api/v1/alerts?size=101", this.key);
		Reply unknownKind = this.api.get("/api/v1/alerts?kind=petition&state=gone", this.key);
		assertThat(tooLarge.status()).isEqualTo(400);
		assertThat(tooLarge.problemFields()).containsExactly("size");
		assertThat(unknownKind.status()).isEqualTo(400);
		assertThat(unknownKind.problemFields()).containsExactly("kind", "state");
	}

	@Test
	void theCampaignsAreThoseTheOrganisationsAlertsBelongTo() {
		post("urgent-action");
		post("appeal");
		ObjectNode other = Drafts.of("news", this.clock.instant());
		((ObjectNode) other.path("campaign")).put("id", "homes-not-debts").put("name", "Homes not debts");
		this.api.post("/api/v1/alerts", this.key, other.toString());

		JsonNode campaigns = this.api.get("/api/v1/campaigns", this.key).json();

		assertThat(campaigns.valueStream()
			.map((campaign) -> campaign.path("id").asString() + " " + campaign.path("name").asString() + " "
					+ campaign.path("alerts").asInt()))
			.containsExactly("free-dana-serikova Free Dana Serikova 2", "homes-not-debts Homes not debts 1");
	}

	private List<String> ids(String query) {
		Reply list = this.api.get("/api/v1/alerts" + query, this.key);
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		return list.json().path("items").valueStream().map((item) -> item.path("id").asString()).toList();
	}

	private String post(String kind) {
		Reply posted = this.api.post("/api/v1/alerts", this.key, Drafts.of(kind, this.clock.instant()).toString());
		assertThat(posted.status()).as(posted.toString()).isEqualTo(202);
		return posted.json().path("id").asString();
	}

	private Reply cancel(String id) {
		return this.api.post("/api/v1/alerts/" + id + "/cancel", this.key,
				"{\"reason\": {\"en\": \"Released: no further action\"}}");
	}

	private List<ConsumerRecord<String, byte[]>> awaitRecords(String topic, String key, int count) {
		try (TopicReader reader = new TopicReader(String.join(",", this.kafka.getBootstrapServers()), topic)) {
			return await().atMost(Duration.ofSeconds(30))
				.until(() -> reader.records().stream().filter((record) -> key.equals(record.key())).toList(),
						(records) -> records.size() >= count);
		}
	}

	private AlertEvent event(ConsumerRecord<String, byte[]> record) {
		return WireFormat.jsonMapper().readValue(record.value(), AlertEvent.class);
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		return EventHeaders.read(record.headers(), name);
	}

}
