package org.solidarityalerts.dashboard.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.AlertEvent.AlertPublished;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.Campaign;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.AudienceResolved;
import org.solidarityalerts.contract.DeliveryEvent.ControlAction;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryBatchRequested;
import org.solidarityalerts.contract.DeliveryEvent.DeliveriesRecorded;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryRecorded;
import org.solidarityalerts.contract.DeliveryEvent.FanOutControlled;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.LocalizedContent;
import org.solidarityalerts.contract.MailEvent;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dashboard.DashboardIntegrationTest;
import org.solidarityalerts.dashboard.health.HealthMonitor;
import org.solidarityalerts.dashboard.topics.TopicMonitor;
import org.solidarityalerts.testsupport.TopicReader;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard over HTTP against real Kafka and MongoDB: logging in, the board following
 * the topics, the operator-only actions and their audit log, re-driving dead letters
 * once, consumer lag, health and metrics.
 */
@DashboardIntegrationTest
class DashboardIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	KafkaConnectionDetails kafkaConnection;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	TopicMonitor topics;

	@Autowired
	HealthMonitor health;

	@Autowired
	LiveUpdates live;

	@Test
	void anonymousVisitorsAreSentToTheLoginPageAndAWrongPasswordDoesNotGetIn() throws Exception {
		WebSession session = new WebSession(this.port);

		assertThat(session.get("/").headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login"));
		assertThat(
				session.logIn(DashboardIntegrationTest.OPERATOR, "not-the-password").headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login?error"));
		assertThat(session.get("/").statusCode()).isEqualTo(302);
	}

	@Test
	void aNetworkThatSentTooManyWrongPasswordsMustWaitAndOthersNeedNot() throws Exception {
		InetAddress guesser = InetAddress.getByName("127.0.0.23");
		for (int i = 0; i < LoginThrottle.ATTEMPTS; i++) {
			assertThat(new WebSession(this.port, guesser).logIn(DashboardIntegrationTest.OPERATOR, "guess " + i)
				.headers()
				.firstValue("Location")).as("guess %d", i)
				.hasValueSatisfying((location) -> assertThat(location).endsWith("/login?error"));
		}

		WebSession refused = new WebSession(this.port, guesser);
		assertThat(refused.logIn(DashboardIntegrationTest.OPERATOR, DashboardIntegrationTest.OPERATOR_PASSWORD)
			.headers()
			.firstValue("Location")).as("the right password, from the network that guessed")
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login?throttled"));
		assertThat(refused.get("/").statusCode()).as("not signed in").isEqualTo(302);
		assertThat(refused.get("/login?throttled").body())
			.contains("Too many wrong passwords were sent from your network");

		WebSession other = new WebSession(this.port, InetAddress.getByName("127.0.0.24"));
		assertThat(other.logIn(DashboardIntegrationTest.OPERATOR, DashboardIntegrationTest.OPERATOR_PASSWORD)
			.headers()
			.firstValue("Location")).hasValueSatisfying((location) -> assertThat(location).endsWith("/"));
		assertThat(other.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void pagesCarryAStrictContentSecurityPolicyAndNoInlineScript() throws Exception {
		WebSession session = operator();

		for (String path : List.of("/", "/topics", "/dead-letters", "/status", "/audit")) {
			var page = session.get(path);
			assertThat(page.statusCode()).as(path).isEqualTo(200);
			assertThat(page.headers().firstValue("Content-Security-Policy")).as(path)
				.hasValueSatisfying((csp) -> assertThat(csp).contains("script-src 'self'")
					.contains("style-src 'self'")
					.doesNotContain("unsafe-inline"));
			assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
			assertThat(page.body()).doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>")
				.doesNotContain("style=\"")
				.doesNotContainPattern("\\son[a-z]+=\"");
		}
	}

	/**
	 * An address that leads nowhere, a query Tomcat cannot decode and a value of the
	 * wrong kind get the dashboard's own page, with its security headers, never a stack
	 * trace nor Tomcat's report.
	 */
	@Test
	void anAddressThatLeadsNowhereAndAnUnreadableQueryGetTheDashboardsOwnPage() throws Exception {
		WebSession session = operator();

		var nowhere = session.get("/nothing-here");
		var unreadable = session.get("/?state=%FF");
		var unreadableAnonymous = new WebSession(this.port).get("/login?error=%C0%AF");
		var wrongKind = session.get("/?page=abc");

		assertThat(nowhere.statusCode()).isEqualTo(404);
		assertThat(nowhere.body()).contains("<h1>No page at this address</h1>", "href=\"/css/dashboard.css\"");
		for (var answer : List.of(unreadable, unreadableAnonymous, wrongKind)) {
			assertThat(answer.statusCode()).isEqualTo(400);
			assertThat(answer.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
			assertThat(answer.headers().firstValue("Content-Security-Policy"))
				.hasValueSatisfying((csp) -> assertThat(csp).contains("script-src 'self'"));
			assertThat(answer.body()).contains("<h1>The request could not be read</h1>", "Nothing was changed")
				.doesNotContain("Exception", "Tomcat", "Whitelabel");
		}
		assertThat(nowhere.body()).doesNotContain("Exception", "Tomcat", "Whitelabel");
	}

	/**
	 * An alert's page needs an alert's id: anything else leads nowhere, rather than to
	 * the page of an alert "not seen yet". A live view's stream opened as a page sends
	 * the browser to the page it follows, its filter kept.
	 */
	@Test
	void anAlertsPageNeedsAnAlertIdAndALiveStreamOpenedAsAPageLeadsToItsPage() throws Exception {
		WebSession session = operator();
		String unseen = UUID.randomUUID().toString();

		var notAnId = session.get("/alerts/not-a-uuid");
		var unseenAlert = session.get("/alerts/" + unseen);
		var board = session.get("/live/board?state=paused&campaign=" + WebSession.encode("free dana & co"));
		var alertStream = session.get("/live/alert?id=" + unseen + "&status=bounced");
		var topics = session.get("/live/topics");
		var nowhere = session.get("/live/nothing");
		var notAnIdStream = session.get("/live/alert?id=not-a-uuid");

		assertThat(notAnId.statusCode()).isEqualTo(404);
		assertThat(notAnId.body()).contains("<h1>No page at this address</h1>");
		assertThat(unseenAlert.statusCode()).isEqualTo(200);
		assertThat(unseenAlert.body()).contains("The dashboard has not seen this alert.");
		assertThat(board.statusCode()).isEqualTo(302);
		assertThat(board.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/?state=paused&campaign=free%20dana%20%26%20co"));
		assertThat(alertStream.statusCode()).isEqualTo(302);
		assertThat(alertStream.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/alerts/" + unseen + "?status=bounced"));
		assertThat(topics.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/topics"));
		for (var answer : List.of(nowhere, notAnIdStream)) {
			assertThat(answer.statusCode()).isEqualTo(404);
			assertThat(answer.body()).contains("<h1>No page at this address</h1>");
		}
	}

	@Test
	void theBoardFollowsTheTopicsAndShowsAFinishedFanOutAsDone() throws Exception {
		AlertSnapshot alert = alert("Lawyer on hunger strike");
		SubscriberId first = SubscriberId.random();
		SubscriberId second = SubscriberId.random();
		publish(Topics.ALERTS_URGENT, new AlertPublished(EventId.random(), 1, Instant.now(), alert));
		publish(Topics.DELIVERY_OUTCOMES,
				new AudienceResolved(EventId.random(), 1, Instant.now(), alert.alertVersion(), 2, 1));
		// The batch's outcomes in one record, as dispatch publishes them.
		publish(Topics.DELIVERY_OUTCOMES,
				new DeliveriesRecorded(EventId.random(), 2, Instant.now(), alert.alertVersion(), 1,
						List.of(new DeliveriesRecorded.Outcome(first, DeliveryStatus.SENT, "SMTP 250"),
								new DeliveriesRecorded.Outcome(second, DeliveryStatus.SENT, "SMTP 250"))));
		WebSession session = viewer();

		await().atMost(PATIENCE).untilAsserted(() -> {
			String board = session.get("/").body();
			assertThat(board).contains("Lawyer on hunger strike").contains("data-state=\"done\"").contains("2 / 2");
		});
		String detail = session.get("/alerts/" + alert.id() + "?status=sent").body();
		assertThat(detail).contains(first.toString()).contains(second.toString()).doesNotContain("@");
	}

	@Test
	void bouncesAndComplaintsFromMailEventsShowOnTheBoardAndTheAlertPageWithTheComplaintRate() throws Exception {
		AlertSnapshot alert = alert("Strikers detained");
		SubscriberId first = SubscriberId.random();
		SubscriberId second = SubscriberId.random();
		publish(Topics.ALERTS_URGENT, new AlertPublished(EventId.random(), 1, Instant.now(), alert));
		publish(Topics.DELIVERY_OUTCOMES, recorded(alert.alertVersion(), first, DeliveryStatus.SENT));
		publish(Topics.DELIVERY_OUTCOMES, recorded(alert.alertVersion(), second, DeliveryStatus.SENT));
		publish(Topics.MAIL_EVENTS, new MailEvent.FeedbackReceived(EventId.random(), 1, Instant.now(), first,
				alert.alertVersion(), MailEvent.Feedback.HARD_BOUNCE, MailEvent.FeedbackSource.DSN, "5.1.1"));
		publish(Topics.MAIL_EVENTS, new MailEvent.FeedbackReceived(EventId.random(), 1, Instant.now(), second,
				alert.alertVersion(), MailEvent.Feedback.COMPLAINT, MailEvent.FeedbackSource.ARF, "abuse"));
		WebSession session = viewer();

		await().atMost(PATIENCE).untilAsserted(() -> {
			String board = session.get("/").body();
			assertThat(board).containsPattern("(?s)id=\"row-" + alert.id()
					+ "\".*?<td class=\"bounces\"[^>]*>1</td>\\s*<td class=\"complaints\">1</td>");
			assertThat(board).containsPattern("class=\"complaint-rate warning\"").contains("complaints /");
		});
		String detail = session.get("/alerts/" + alert.id()).body();
		assertThat(detail).contains("<td class=\"hard-bounces\">1</td>").contains("<td class=\"complaints\">1</td>");
	}

	@Test
	void aViewerSeesEverythingButIsRefusedEveryActionOnTheServer() throws Exception {
		WebSession session = viewer();
		AlertVersion version = new AlertVersion(AlertId.random(), 1);
		assertThat(session.get("/").body()).contains("viewer (read-only)").doesNotContain("hx-post");

		var pause = session.post("/actions/fanouts/" + version.alertId() + "/1/pause", "");
		var redrive = session.post("/actions/dead-letters/redrive",
				"ref=" + WebSession.encode(Topics.deadLetterOf(Topics.ALERTS_URGENT) + "/0/0"));

		assertThat(pause.statusCode()).isEqualTo(403);
		assertThat(redrive.statusCode()).isEqualTo(403);
		assertThat(this.mongo.count(Query.query(Criteria.where("subject").is(version.key())), "dashboard_audit"))
			.isZero();
	}

	@Test
	void anOperatorsPauseIsPublishedForDispatchAndWrittenToTheAuditLog() throws Exception {
		WebSession session = operator();
		AlertSnapshot alert = alert("Pause me");
		AlertVersion version = alert.alertVersion();
		publish(Topics.ALERTS_URGENT, new AlertPublished(EventId.random(), 1, Instant.now(), alert));
		publish(Topics.DELIVERY_OUTCOMES, new AudienceResolved(EventId.random(), 1, Instant.now(), version, 2, 1));
		publish(Topics.DELIVERY_OUTCOMES, recorded(version, SubscriberId.random(), DeliveryStatus.SENT));
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(row(session.get("/").body(), alert.id().toString()))
				.contains("data-state=\"fanning out\""));
		try (TopicReader controls = new TopicReader(bootstrap(), Topics.FANOUT_CONTROL)) {
			var response = session.post("/actions/fanouts/" + version.alertId() + "/1/pause", "");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("pause sent to dispatch");
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(controls.records())
					.filteredOn((record) -> record.key().equals(version.alertId().toString()))
					.singleElement()
					.satisfies((record) -> {
						FanOutControlled control = (FanOutControlled) event(record);
						assertThat(control.action()).isEqualTo(ControlAction.PAUSED);
						assertThat(control.alertVersion()).isEqualTo(version);
						assertThat(control.operator()).isEqualTo(DashboardIntegrationTest.OPERATOR);
						assertThat(EventHeaders.read(record.headers(), EventHeaders.TYPE))
							.isEqualTo("fanout.controlled");
					}));
		}
		Document entry = this.mongo.findOne(Query.query(Criteria.where("subject").is(version.key())), Document.class,
				"dashboard_audit");
		assertThat(entry).isNotNull();
		assertThat(entry.getString("operator")).isEqualTo(DashboardIntegrationTest.OPERATOR);
		assertThat(entry.getString("action")).isEqualTo("fanout.paused");
		assertThat(session.get("/audit").body()).contains(version.key());
	}

	@Test
	void theBoardOffersOnlyTheActionsThatApplyToEachFanOutsState() throws Exception {
		String campaign = "c-" + UUID.randomUUID();
		AlertSnapshot running = alert("Running", AlertKind.URGENT_ACTION, campaign);
		AlertSnapshot paused = alert("Paused", AlertKind.URGENT_ACTION, campaign);
		AlertSnapshot done = alert("Done", AlertKind.URGENT_ACTION, campaign);
		fanningOut(running);
		fanningOut(paused);
		publish(Topics.FANOUT_CONTROL, new FanOutControlled(EventId.random(), 1, Instant.now(), paused.alertVersion(),
				ControlAction.PAUSED, "someone"));
		publish(Topics.ALERTS_URGENT, new AlertPublished(EventId.random(), 1, Instant.now(), done));
		publish(Topics.DELIVERY_OUTCOMES,
				new AudienceResolved(EventId.random(), 1, Instant.now(), done.alertVersion(), 1, 1));
		publish(Topics.DELIVERY_OUTCOMES, recorded(done.alertVersion(), SubscriberId.random(), DeliveryStatus.SENT));
		WebSession session = operator();

		await().atMost(PATIENCE).untilAsserted(() -> {
			String board = session.get("/?campaign=" + campaign).body();
			assertThat(row(board, running.id().toString())).contains("data-state=\"fanning out\"")
				.contains(">Pause</button>")
				.contains(">Cancel</button>")
				.doesNotContain(">Resume</button>");
			assertThat(row(board, paused.id().toString())).contains("data-state=\"paused\"")
				.contains(">Resume</button>")
				.contains(">Cancel</button>")
				.doesNotContain(">Pause</button>");
			assertThat(row(board, done.id().toString())).contains("data-state=\"done\"").doesNotContain("<button");
		});
	}

	@Test
	void theServerRefusesAnActionThatDoesNotApplyAndSendsNothing() throws Exception {
		AlertSnapshot done = alert("Finished already");
		publish(Topics.ALERTS_URGENT, new AlertPublished(EventId.random(), 1, Instant.now(), done));
		publish(Topics.DELIVERY_OUTCOMES,
				new AudienceResolved(EventId.random(), 1, Instant.now(), done.alertVersion(), 1, 1));
		publish(Topics.DELIVERY_OUTCOMES, recorded(done.alertVersion(), SubscriberId.random(), DeliveryStatus.SENT));
		AlertSnapshot running = alert("Still running");
		fanningOut(running);
		WebSession session = operator();
		await().atMost(PATIENCE).untilAsserted(() -> {
			String board = session.get("/").body();
			assertThat(row(board, done.id().toString())).contains("data-state=\"done\"");
			assertThat(row(board, running.id().toString())).contains("data-state=\"fanning out\"");
		});

		try (TopicReader controls = new TopicReader(bootstrap(), Topics.FANOUT_CONTROL)) {
			var pause = session.post("/actions/fanouts/" + done.id() + "/1/pause", "");
			var cancel = session.post("/actions/fanouts/" + done.id() + "/1/cancel", "");
			var resume = session.post("/actions/fanouts/" + running.id() + "/1/resume", "");
			var unknown = session.post("/actions/fanouts/" + AlertId.random() + "/1/pause", "");

			assertThat(pause.statusCode()).isEqualTo(409);
			assertThat(pause.body()).contains("it is done, so pause does not apply; nothing was sent.");
			assertThat(cancel.statusCode()).isEqualTo(409);
			assertThat(resume.statusCode()).isEqualTo(409);
			assertThat(resume.body()).contains("it is fanning out, so resume does not apply");
			assertThat(unknown.statusCode()).isEqualTo(404);
			assertThat(unknown.body()).contains("the board does not know it");
			var allowed = session.post("/actions/fanouts/" + running.id() + "/1/cancel", "");
			assertThat(allowed.statusCode()).isEqualTo(200);
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(controls.records()).extracting(ConsumerRecord::key)
					.contains(running.id().toString()));
			assertThat(controls.records()).extracting(ConsumerRecord::key).doesNotContain(done.id().toString());
		}
		assertThat(this.mongo.count(Query.query(Criteria.where("subject").is(done.alertVersion().key())),
				"dashboard_audit"))
			.isZero();
	}

	@Test
	void theBoardIsFilteredByStateKindAndCampaignOnTheServerAndItsLiveUpdateKeepsTheFilter() throws Exception {
		String campaign = "c-" + UUID.randomUUID();
		AlertSnapshot urgentDone = alert("Urgent and done", AlertKind.URGENT_ACTION, campaign);
		AlertSnapshot appealPaused = alert("Appeal and paused", AlertKind.APPEAL, campaign);
		AlertSnapshot urgentScheduled = alert("Urgent and scheduled", AlertKind.URGENT_ACTION, campaign);
		String other = "c-" + UUID.randomUUID();
		AlertSnapshot elsewhere = alert("Another campaign", AlertKind.APPEAL, other);
		publish(Topics.ALERTS_URGENT, new AlertPublished(EventId.random(), 1, Instant.now(), urgentDone));
		publish(Topics.DELIVERY_OUTCOMES,
				new AudienceResolved(EventId.random(), 1, Instant.now(), urgentDone.alertVersion(), 1, 1));
		publish(Topics.DELIVERY_OUTCOMES,
				recorded(urgentDone.alertVersion(), SubscriberId.random(), DeliveryStatus.SENT));
		publish(Topics.ALERTS_STANDARD, new AlertPublished(EventId.random(), 1, Instant.now(), appealPaused));
		publish(Topics.FANOUT_CONTROL, new FanOutControlled(EventId.random(), 1, Instant.now(),
				appealPaused.alertVersion(), ControlAction.PAUSED, "someone"));
		publish(Topics.ALERTS_URGENT, new AlertPublished(EventId.random(), 1, Instant.now(), urgentScheduled));
		publish(Topics.ALERTS_STANDARD, new AlertPublished(EventId.random(), 1, Instant.now(), elsewhere));
		WebSession session = viewer();

		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(session.get("/?campaign=" + campaign).body()).contains("Urgent and done")
				.contains("data-state=\"done\"")
				.contains("Appeal and paused")
				.contains("data-state=\"paused\"")
				.contains("Urgent and scheduled")
				.doesNotContain("Another campaign"));
		assertThat(session.get("/?campaign=" + campaign + "&state=paused").body()).contains("Appeal and paused")
			.doesNotContain("Urgent and done")
			.doesNotContain("Urgent and scheduled");
		assertThat(session.get("/?campaign=" + campaign + "&kind=urgent-action").body()).contains("Urgent and done")
			.contains("Urgent and scheduled")
			.doesNotContain("Appeal and paused");
		String filtered = session.get("/?campaign=" + campaign + "&kind=urgent-action&state=done").body();
		assertThat(filtered).contains("Urgent and done")
			.doesNotContain("Urgent and scheduled")
			.contains("data-live=\"/live/board?campaign=" + campaign + "&amp;kind=urgent-action&amp;state=done\"")
			.contains("<option value=\"done\" selected=\"selected\">done</option>");
		assertThat(session.get("/?campaign=" + WebSession.encode("Campaign " + other) + "&kind=appeal&state=scheduled")
			.body()).contains("Another campaign").doesNotContain("Urgent and");
		assertThat(session.get("/?campaign=" + campaign + "&state=partial").body()).contains("No fan-outs match.");

		List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
		var stream = session.stream("/live/board?campaign=" + campaign + "&kind=urgent-action&state=done");
		Thread reader = Thread.ofVirtual().start(() -> stream.body().forEach(lines::add));
		try {
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(lines).filteredOn((line) -> line.startsWith("data:"))
					.isNotEmpty()
					.allSatisfy((data) -> assertThat(data).contains("Urgent and done")
						.doesNotContain("Urgent and scheduled")
						.doesNotContain("Appeal and paused")));
		}
		finally {
			stream.body().close();
			reader.interrupt();
		}
	}

	@Test
	void theBoardIsPagedFiftyAtATimeNewestFirstAndThePagesKeepTheFilter() throws Exception {
		String campaign = "c-" + UUID.randomUUID();
		Instant start = Instant.now().minusSeconds(3600);
		List<AlertSnapshot> alerts = new java.util.ArrayList<>();
		for (int i = 0; i < 52; i++) {
			AlertSnapshot alert = alert("Paged alert #" + i + ";", AlertKind.NEWS, campaign);
			alerts.add(alert);
			publish(Topics.ALERTS_STANDARD, new AlertPublished(EventId.random(), 1, start.plusSeconds(i), alert));
		}
		WebSession session = viewer();

		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(session.get("/?campaign=" + campaign + "&page=2").body())
				.contains("Paged alert #1;")
				.contains("Paged alert #0;"));
		String first = session.get("/?campaign=" + campaign).body();
		String second = session.get("/?campaign=" + campaign + "&page=2").body();
		assertThat(first).contains("Paged alert #51;")
			.contains("Paged alert #2;")
			.doesNotContain("Paged alert #1;")
			.contains("Page 1")
			.contains("href=\"/?campaign=" + campaign + "&amp;page=2\"")
			.doesNotContain("rel=\"prev\"");
		assertThat(first.indexOf("Paged alert #51;")).isLessThan(first.indexOf("Paged alert #2;"));
		assertThat(second).doesNotContain("Paged alert #2;")
			.contains("Page 2")
			.contains("rel=\"prev\" href=\"/?campaign=" + campaign + "\"")
			.doesNotContain("rel=\"next\"")
			.contains("data-live=\"/live/board?campaign=" + campaign + "&amp;page=2\"");
		assertThat(java.util.regex.Pattern.compile("<tr id=\"row-").matcher(first).results().count()).isEqualTo(50);
		assertThat(session.get("/?campaign=" + campaign + "&state=scheduled&page=2").body()).contains("Paged alert #0;")
			.contains("rel=\"prev\" href=\"/?state=scheduled&amp;campaign=" + campaign + "\"");
	}

	@Test
	void aDeadLetterIsReDrivenToItsOriginalTopicWithItsBytesOnceAndNeverAgain() throws Exception {
		String key = "poison-" + UUID.randomUUID();
		byte[] bytes = "this is not json".getBytes(StandardCharsets.UTF_8);
		ProducerRecord<String, byte[]> dead = new ProducerRecord<>(Topics.deadLetterOf(Topics.ALERTS_URGENT), 0, key,
				bytes);
		dead.headers().add("kafka_dlt-original-topic", Topics.ALERTS_URGENT.getBytes(StandardCharsets.UTF_8));
		dead.headers()
			.add("kafka_dlt-exception-message",
					"Cannot read this for someone@example.org".getBytes(StandardCharsets.UTF_8));
		long offset = this.kafka.send(dead).get().getRecordMetadata().offset();
		String ref = Topics.deadLetterOf(Topics.ALERTS_URGENT) + "/0/" + offset;
		WebSession session = operator();
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(session.get("/dead-letters").body()).contains(key)
				.contains("Cannot read this for [address hidden]")
				.doesNotContain("someone@example.org"));

		try (TopicReader alerts = new TopicReader(bootstrap(), Topics.ALERTS_URGENT)) {
			var first = session.post("/actions/dead-letters/redrive", "ref=" + WebSession.encode(ref));
			var again = session.post("/actions/dead-letters/redrive", "ref=" + WebSession.encode(ref));

			assertThat(first.body()).contains("re-driven to " + Topics.ALERTS_URGENT);
			assertThat(again.body()).contains("refused: it was re-driven already");
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(alerts.records()).filteredOn((record) -> key.equals(record.key()))
					.singleElement()
					.satisfies((record) -> {
						assertThat(record.value()).isEqualTo(bytes);
						assertThat(EventHeaders.read(record.headers(), "alert_redrive-count")).isEqualTo("1");
						assertThat(record.headers().lastHeader("kafka_dlt-original-topic")).isNull();
					}));
		}
		assertThat(this.mongo.count(Query.query(Criteria.where("subject").is(ref)), "dashboard_audit")).isEqualTo(2);
	}

	@Test
	void aDeadLetteredDeliveryBatchIsReDrivenToTheRetryTopicAsARedrive() throws Exception {
		AlertVersion version = new AlertVersion(AlertId.random(), 1);
		SubscriberId subscriber = SubscriberId.random();
		DeliveryBatchRequested parked = new DeliveryBatchRequested(EventId.random(), 1, Instant.now(), version, 4,
				List.of(subscriber), 5, Instant.now(), false);
		ProducerRecord<String, byte[]> dead = new ProducerRecord<>(Topics.deadLetterOf(Topics.DELIVERY_RETRIES), 1,
				version.key() + "/4", WireFormat.jsonMapper().writeValueAsBytes(parked));
		EventHeaders.write(dead.headers(), parked, "/alert-dispatch");
		dead.headers().add("alert_dlt-reason", "retries ran out after 5 attempts".getBytes(StandardCharsets.UTF_8));
		long offset = this.kafka.send(dead).get().getRecordMetadata().offset();
		WebSession session = operator();
		session.get("/dead-letters");

		try (TopicReader retries = new TopicReader(bootstrap(), Topics.DELIVERY_RETRIES)) {
			var response = session.post("/actions/dead-letters/redrive",
					"ref=" + WebSession.encode(Topics.deadLetterOf(Topics.DELIVERY_RETRIES) + "/1/" + offset));

			assertThat(response.body()).contains("re-driven to " + Topics.DELIVERY_RETRIES);
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(retries.records())
					.filteredOn((record) -> record.key().equals(version.key() + "/4"))
					.singleElement()
					.satisfies((record) -> {
						DeliveryBatchRequested again = (DeliveryBatchRequested) event(record);
						assertThat(again.redrive()).isTrue();
						assertThat(again.subscribers()).containsExactly(subscriber);
						assertThat(again.attempt()).isEqualTo(1);
						assertThat(again.notBefore()).isNull();
					}));
		}
	}

	@Test
	void aDeadLetterWrittenTwiceIsShownOnceAsItsFirstCopy() throws Exception {
		AlertVersion version = new AlertVersion(AlertId.random(), 1);
		DeliveryBatchRequested batch = new DeliveryBatchRequested(EventId.random(), 1, Instant.now(), version, 7,
				List.of(SubscriberId.random(), SubscriberId.random()), 3, Instant.now(), false);
		String reason = "retries ran out after 3 attempts";
		List<DeliveryBatchRequested> written = List.of(
				batch.parked(batch.subscribers(), Instant.now().minusSeconds(60), reason),
				batch.parked(batch.subscribers(), Instant.now(), reason),
				batch.parked(batch.subscribers().subList(0, 1), Instant.now(), "in doubt"));
		List<String> rows = new ArrayList<>();
		for (DeliveryBatchRequested parked : written) {
			ProducerRecord<String, byte[]> dead = new ProducerRecord<>(Topics.deadLetterOf(Topics.DELIVERY_RETRIES), 2,
					version.key() + "/7", WireFormat.jsonMapper().writeValueAsBytes(parked));
			EventHeaders.write(dead.headers(), parked, "/alert-dispatch");
			dead.headers().add("alert_dlt-reason", reason.getBytes(StandardCharsets.UTF_8));
			long offset = this.kafka.send(dead).get().getRecordMetadata().offset();
			rows.add("dl-" + Topics.deadLetterOf(Topics.DELIVERY_RETRIES).replace('.', '-') + "-2-" + offset);
		}
		WebSession session = operator();

		await().atMost(PATIENCE).untilAsserted(() -> {
			String page = session.get("/dead-letters").body();
			assertThat(page).contains("id=\"" + rows.get(0) + "\"", "id=\"" + rows.get(2) + "\"")
				.doesNotContain("id=\"" + rows.get(1) + "\"");
			assertThat(page).containsOnlyOnce("(written 2 times)");
		});
	}

	@Test
	void aRecordThatWasReDrivenTooOftenIsRefused() throws Exception {
		ProducerRecord<String, byte[]> dead = new ProducerRecord<>(Topics.deadLetterOf(Topics.ALERTS_STANDARD), 0,
				"looping", "{}".getBytes(StandardCharsets.UTF_8));
		dead.headers().add("kafka_dlt-original-topic", Topics.ALERTS_STANDARD.getBytes(StandardCharsets.UTF_8));
		dead.headers().add("alert_redrive-count", "3".getBytes(StandardCharsets.UTF_8));
		long offset = this.kafka.send(dead).get().getRecordMetadata().offset();
		WebSession session = operator();
		session.get("/dead-letters");

		var response = session.post("/actions/dead-letters/redrive",
				"ref=" + WebSession.encode(Topics.deadLetterOf(Topics.ALERTS_STANDARD) + "/0/" + offset));

		assertThat(response.body()).contains("refused: it was re-driven 3 times already");
	}

	@Test
	void aConsumerGroupsLagRisesWithUnreadRecordsAndFallsToZeroWhenItCatchesUp() throws Exception {
		String group = "test-group-" + UUID.randomUUID();
		var partition = new org.apache.kafka.common.TopicPartition(Topics.DELIVERIES_BULK, 5);
		long start = this.kafka.send(new ProducerRecord<>(Topics.DELIVERIES_BULK, 5, "k", new byte[1]))
			.get()
			.getRecordMetadata()
			.offset() + 1;
		try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
			admin
				.alterConsumerGroupOffsets(group,
						Map.of(partition, new org.apache.kafka.clients.consumer.OffsetAndMetadata(start)))
				.all()
				.get();
			for (int i = 0; i < 4; i++) {
				this.kafka.send(new ProducerRecord<>(Topics.DELIVERIES_BULK, 5, "k", new byte[1])).get();
			}
			await().atMost(PATIENCE).untilAsserted(() -> {
				assertThat(this.topics.view().group(group)).isNotNull();
				assertThat(this.topics.view().group(group).lag()).isEqualTo(4);
				assertThat(this.topics.view().group(group).partitions()).hasSize(6)
					.filteredOn((lag) -> lag.partition() == 5)
					.singleElement()
					.satisfies((lag) -> assertThat(lag.committed()).isEqualTo(start));
				assertThat(lagGauge(group)).isEqualTo("4.0");
			});
			assertThat(operator().get("/topics").body()).contains("data-group=\"" + group + "\"");

			admin
				.alterConsumerGroupOffsets(group,
						Map.of(partition, new org.apache.kafka.clients.consumer.OffsetAndMetadata(start + 4)))
				.all()
				.get();

			await().atMost(PATIENCE).untilAsserted(() -> {
				assertThat(this.topics.view().group(group).lag()).isZero();
				// The gauge, registered once per group, follows every poll.
				assertThat(lagGauge(group)).isEqualTo("0.0");
			});
		}
	}

	private String lagGauge(String group) throws Exception {
		String prefix = "alert_dashboard_consumer_lag{group=\"" + group + "\"} ";
		return new WebSession(this.port).get("/actuator/prometheus")
			.body()
			.lines()
			.filter((line) -> line.startsWith(prefix))
			.map((line) -> line.substring(prefix.length()))
			.findFirst()
			.orElse("(no gauge)");
	}

	@Test
	void recordsOnAPartitionWhereTheGroupNeverCommittedCountAsLag() throws Exception {
		String group = "test-group-" + UUID.randomUUID();
		try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
			var first = new org.apache.kafka.common.TopicPartition(Topics.ALERTS_STANDARD, 0);
			long end = this.kafka.send(new ProducerRecord<>(Topics.ALERTS_STANDARD, 0, "k", new byte[1]))
				.get()
				.getRecordMetadata()
				.offset() + 1;
			admin
				.alterConsumerGroupOffsets(group,
						Map.of(first, new org.apache.kafka.clients.consumer.OffsetAndMetadata(end)))
				.all()
				.get();
			await().atMost(PATIENCE).until(() -> this.topics.view().group(group) != null);
			long before = this.topics.view().group(group).lag();

			this.kafka.send(new ProducerRecord<>(Topics.ALERTS_STANDARD, 2, "k", new byte[1])).get();

			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(this.topics.view().group(group).lag()).isEqualTo(before + 1));
		}
	}

	@Test
	void healthShowsKafkaAndMongoUpAndAnSmtpServerThatDoesNotAnswerDown() throws Exception {
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.health.view().checks())
				.extracting(HealthMonitor.Check::name, HealthMonitor.Check::up)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("kafka", true),
						org.assertj.core.groups.Tuple.tuple("mongodb", true),
						org.assertj.core.groups.Tuple.tuple("smtp", false)));
		assertThat(viewer().get("/status").body()).contains("data-component=\"smtp\"").contains("localhost:1");
	}

	@Test
	void aLiveViewSendsItsContentOnceWhileItDoesNotChangeAndHeartbeatsMeanwhile() throws Exception {
		List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
		var stream = operator().stream("/live/audit");
		assertThat(stream.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
		assertThat(stream.headers().firstValue("X-Accel-Buffering")).hasValue("no");
		Thread reader = Thread.ofVirtual().start(() -> stream.body().forEach(lines::add));
		try {
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(lines).contains(":heartbeat"));
			assertThat(lines).filteredOn("event:update"::equals).hasSize(1);
			assertThat(lines).filteredOn((line) -> line.startsWith("data:"))
				.singleElement()
				.satisfies((data) -> assertThat(data).containsAnyOf("No actions yet.", "class=\"audit\"")
					.doesNotContain("<html"));
		}
		finally {
			stream.body().close();
			reader.interrupt();
		}
	}

	@Test
	void liveStreamsAreEndedWhenTheDashboardStopsSoItsShutdownNeedNotWaitForThem() throws Exception {
		List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
		var stream = operator().stream("/live/audit");
		Thread reader = Thread.ofVirtual().start(() -> stream.body().forEach(lines::add));
		try {
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(lines).contains("event:update"));
			assertThat(reader.isAlive()).as("the stream stays open while the dashboard runs").isTrue();

			this.live.stop();

			await().atMost(Duration.ofSeconds(5)).until(() -> !reader.isAlive());
		}
		finally {
			this.live.start();
			stream.body().close();
			reader.interrupt();
		}
	}

	@Test
	void prometheusScrapesTheDashboardsFigures() throws Exception {
		await().atMost(PATIENCE).untilAsserted(() -> {
			String metrics = new WebSession(this.port).get("/actuator/prometheus").body();
			assertThat(metrics).contains("alert_dashboard_health{component=\"kafka\"} 1.0")
				.contains("alert_dashboard_live_viewers");
		});
	}

	private WebSession operator() throws Exception {
		return logIn(DashboardIntegrationTest.OPERATOR, DashboardIntegrationTest.OPERATOR_PASSWORD);
	}

	private WebSession viewer() throws Exception {
		return logIn(DashboardIntegrationTest.VIEWER, DashboardIntegrationTest.VIEWER_PASSWORD);
	}

	private WebSession logIn(String name, String password) throws Exception {
		WebSession session = new WebSession(this.port);
		assertThat(session.logIn(name, password).headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).doesNotContain("error"));
		return session;
	}

	private void publish(String topic, ContractEvent event) throws Exception {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.subject(),
				WireFormat.jsonMapper().writeValueAsBytes(event));
		EventHeaders.write(record.headers(), event, "/test");
		this.kafka.send(record).get();
	}

	private static ContractEvent event(ConsumerRecord<String, byte[]> record) {
		return WireFormat.jsonMapper().readValue(record.value(), ContractEvent.class);
	}

	private static DeliveryRecorded recorded(AlertVersion version, SubscriberId subscriber, DeliveryStatus status) {
		return new DeliveryRecorded(EventId.random(), 1, Instant.now(), version, subscriber, status, 1, "SMTP 250");
	}

	private void fanningOut(AlertSnapshot alert) throws Exception {
		publish(Topics.ALERTS_URGENT, new AlertPublished(EventId.random(), 1, Instant.now(), alert));
		publish(Topics.DELIVERY_OUTCOMES,
				new AudienceResolved(EventId.random(), 1, Instant.now(), alert.alertVersion(), 2, 1));
		publish(Topics.DELIVERY_OUTCOMES, recorded(alert.alertVersion(), SubscriberId.random(), DeliveryStatus.SENT));
	}

	/**
	 * The board's row of an alert, from its opening tag to its end.
	 */
	private static String row(String board, String alertId) {
		int start = board.indexOf("id=\"row-" + alertId + "\"");
		assertThat(start).as("the row of " + alertId).isNotNegative();
		return board.substring(start, board.indexOf("</tr>", start));
	}

	private static AlertSnapshot alert(String title) {
		return alert(title, AlertKind.URGENT_ACTION, "free-dana");
	}

	private static AlertSnapshot alert(String title, AlertKind kind, String campaign) {
		return new AlertSnapshot(AlertId.random(), 1, kind, "org",
				new Campaign(campaign, campaign.equals("free-dana") ? "Free Dana" : "Campaign " + campaign), "KZ",
				List.of(), "en", Map.of("en", new LocalizedContent(title, "Write now.", null, null)), List.of(),
				Instant.now(), null, null);
	}

	private String bootstrap() {
		return String.join(",", this.kafkaConnection.getBootstrapServers());
	}

}
