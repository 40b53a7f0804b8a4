package org.solidarityalerts.dispatch.acted;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.Action;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.Campaign;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.ActionsReported;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.LocalizedContent;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Target;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dispatch.links.SignedLinks;
import org.solidarityalerts.dispatch.mail.MailComposer;
import org.solidarityalerts.dispatch.mail.SmtpSender;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.dispatch.subscriber.SubscriberStore;
import org.solidarityalerts.dispatch.subscription.DispatchIntegrationTest;
import org.solidarityalerts.dispatch.subscription.Fixtures;
import org.solidarityalerts.dispatch.subscription.Web;
import org.solidarityalerts.testsupport.Mailbox;
import org.solidarityalerts.testsupport.Mails;
import org.solidarityalerts.testsupport.TopicReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "I did this", from the links of alert e-mails that really went through SMTP: following
 * a link counts nothing; pressing its button counts the reader once, however often they
 * press or replay it; another reader counts too; the published total names no one; and
 * the reader's reports are in their data export and go with their erasure, while what
 * they counted for stays. The total is counted from the reports, so a crash between a
 * report and its publication, or between erasure's two writes, loses no count and counts
 * nothing twice.
 */
@DispatchIntegrationTest
class ActedIntegrationTests {

	private static final Pattern ACTED_LINK = Pattern
		.compile(Pattern.quote(DispatchIntegrationTest.PUBLIC_URL + "/acted/") + "[A-Za-z0-9_.-]+");

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	Mailbox mailbox;

	@Autowired
	MailComposer composer;

	@Autowired
	SmtpSender sender;

	@Autowired
	SubscriberStore store;

	@Autowired
	SignedLinks links;

	@Autowired
	KafkaConnectionDetails kafka;

	@Autowired
	ActionReports actionReports;

	@Test
	void eachReaderCountsOncePerActionWhateverTheyFollowOrPressAndTheTotalNamesNoOne() {
		AlertSnapshot alert = alert();
		Subscriber first = subscriber("first");
		Subscriber second = subscriber("second");
		try (TopicReader events = new TopicReader(this.kafka.getBootstrapServers().getFirst(), Topics.ACTION_REPORTS)) {
			MimeMessage firstMail = mailAlert(alert, first);
			List<String> firstLinks = actedLinks(firstMail);
			assertThat(firstLinks).as("one link per action, in the text part").hasSize(2);
			assertThat(Mails.html(firstMail)).contains(firstLinks.get(0))
				.contains(firstLinks.get(1))
				.contains("I did this");
			Web scanner = Web.withoutCookies(this.port, Fixtures.newClient());

			HttpResponse<String> page = scanner.get(Web.path(firstLinks.get(0)));

			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.body()).contains("Did you take this action?");
			assertThat(reports(alert)).as("following the link counts nothing").isZero();
			assertThat(total(alert, 0)).isZero();

			HttpResponse<String> pressed = new Web(this.port, Fixtures.newClient()).submit(page.body(), "form",
					List.of());

			assertThat(pressed.statusCode()).isEqualTo(200);
			assertThat(pressed.body()).contains("Thank you, it is counted");
			assertThat(total(alert, 0)).isEqualTo(1);

			HttpResponse<String> again = scanner.post(Web.path(firstLinks.get(0)), "application/x-www-form-urlencoded",
					"pageLang=en".getBytes(StandardCharsets.UTF_8));
			new Web(this.port, Fixtures.newClient()).submit(page.body(), "form", List.of());

			assertThat(again.statusCode()).isEqualTo(200);
			assertThat(total(alert, 0)).as("a second press and a replay count nothing").isEqualTo(1);
			assertThat(reports(alert)).isEqualTo(1);

			String secondLink = actedLinks(mailAlert(alert, second)).get(0);
			scanner.post(Web.path(secondLink), "application/x-www-form-urlencoded",
					"pageLang=en".getBytes(StandardCharsets.UTF_8));
			scanner.post(Web.path(firstLinks.get(1)), "application/x-www-form-urlencoded",
					"pageLang=en".getBytes(StandardCharsets.UTF_8));

			assertThat(total(alert, 0)).isEqualTo(2);
			assertThat(total(alert, 1)).isEqualTo(1);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(reported(events, alert))
					.extracting(ActionsReported::action, ActionsReported::kind, ActionsReported::total)
					.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(0, "write", 1L),
							org.assertj.core.groups.Tuple.tuple(0, "write", 2L),
							org.assertj.core.groups.Tuple.tuple(1, "embassy-protest", 1L)));
			assertThat(events.records()).filteredOn((record) -> record.key().equals(alert.id().toString()))
				.map((record) -> new String(record.value(), StandardCharsets.UTF_8))
				.allSatisfy((json) -> assertThat(json).doesNotContain(first.id())
					.doesNotContain(second.id())
					.doesNotContain("subscriber"));
		}
	}

	@Test
	void aReportLeftUnpublishedByACrashIsPublishedOnceRecoveryRunsAndTheNextReportCountsIt() {
		AlertSnapshot alert = alert();
		Subscriber crashed = subscriber("crashed");
		Subscriber next = subscriber("next");
		try (TopicReader events = new TopicReader(this.kafka.getBootstrapServers().getFirst(), Topics.ACTION_REPORTS)) {
			// The report as its upsert leaves it, dispatch having stopped before anything
			// else.
			this.mongo
				.insert(new Document("_id", crashed.id() + ":" + alert.id() + ":0").append("subscriberId", crashed.id())
					.append("alertId", alert.id().toString())
					.append("version", 1)
					.append("action", 0)
					.append("kind", "write")
					.append("reportedAt", java.util.Date.from(Instant.now().minusSeconds(60)))
					.append("token", java.util.UUID.randomUUID().toString())
					.append("published", false), ActionReports.REPORTS);
			assertThat(total(alert, 0)).as("the report counts from its first write").isEqualTo(1);

			this.actionReports.publishLeftOver();

			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(
						() -> assertThat(reported(events, alert)).extracting(ActionsReported::total).contains(1L));
			assertThat(
					this.mongo.findById(crashed.id() + ":" + alert.id() + ":0", Document.class, ActionReports.REPORTS)
						.getBoolean("published"))
				.isTrue();

			this.actionReports.publishLeftOver();
			String link = actedLinks(mailAlert(alert, next)).get(0);
			Web.withoutCookies(this.port, Fixtures.newClient())
				.post(Web.path(link), "application/x-www-form-urlencoded",
						"pageLang=en".getBytes(StandardCharsets.UTF_8));

			assertThat(total(alert, 0)).isEqualTo(2);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(
						() -> assertThat(reported(events, alert)).extracting(ActionsReported::total).contains(2L));
			assertThat(reported(events, alert)).extracting(ActionsReported::total)
				.as("a total published again is the same total, never one counted twice")
				.containsOnly(1L, 2L);
			assertThat(this.mongo.count(
					Query.query(Criteria.where("alertId").is(alert.id().toString()).and("published").is(false)),
					ActionReports.REPORTS))
				.isZero();
		}
	}

	@Test
	void aTamperedLinkCountsNothing() {
		AlertSnapshot alert = alert();
		String link = actedLinks(mailAlert(alert, subscriber("tamper"))).get(0);
		int at = link.length() - 2;
		String tampered = link.substring(0, at) + ((link.charAt(at) == 'A') ? 'B' : 'A') + link.substring(at + 1);
		Web scanner = Web.withoutCookies(this.port, Fixtures.newClient());

		HttpResponse<String> post = scanner.post(Web.path(tampered), "application/x-www-form-urlencoded",
				"pageLang=en".getBytes(StandardCharsets.UTF_8));

		assertThat(post.statusCode()).isEqualTo(400);
		assertThat(scanner.get(Web.path(tampered)).statusCode()).isEqualTo(400);
		assertThat(reports(alert)).isZero();
	}

	@Test
	void aReadersReportsAreInTheirExportAndGoWithTheirErasureWhileTheTotalStays() {
		AlertSnapshot alert = alert();
		Subscriber reader = subscriber("export");
		String link = actedLinks(mailAlert(alert, reader)).get(0);
		Web.withoutCookies(this.port, Fixtures.newClient())
			.post(Web.path(link), "application/x-www-form-urlencoded", "pageLang=en".getBytes(StandardCharsets.UTF_8));
		String preferences = Web.path(this.links.preferences(SubscriberId.parse(reader.id())));
		Web browser = new Web(this.port, Fixtures.newClient());

		HttpResponse<String> export = browser.get(preferences + "/export");

		JsonNode reported = JsonMapper.builder().build().readTree(export.body()).path("actionsReported");
		assertThat(reported.size()).isEqualTo(1);
		assertThat(reported.get(0).path("alertId").asString()).isEqualTo(alert.id().toString());
		assertThat(reported.get(0).path("action").asInt()).isZero();
		assertThat(reported.get(0).path("kind").asString()).isEqualTo("write");

		HttpResponse<String> page = browser.get(preferences);
		assertThat(browser.submit(page.body(), "form[action$=erase]", List.of()).statusCode()).isEqualTo(200);

		assertThat(this.mongo.count(Query.query(Criteria.where("subscriberId").is(reader.id())), ActionReports.REPORTS))
			.isZero();
		assertThat(this.mongo.find(Query.query(Criteria.where("alertId").is(alert.id().toString())), Document.class,
				ActionReports.REPORTS))
			.as("what stays names no one")
			.allSatisfy((left) -> assertThat(left.toJson()).doesNotContain(reader.id()).doesNotContain("reportedAt"));
		assertThat(total(alert, 0)).as("the total names no one and stays").isEqualTo(1);
		assertThat(Web.withoutCookies(this.port, Fixtures.newClient())
			.post(Web.path(link), "application/x-www-form-urlencoded", "pageLang=en".getBytes(StandardCharsets.UTF_8))
			.statusCode()).as("an erased reader's link counts nothing").isEqualTo(400);
		assertThat(reports(alert)).isZero();
		assertThat(this.actionReports.erase(SubscriberId.parse(reader.id()))).as("erasing again changes nothing")
			.isZero();

		String another = actedLinks(mailAlert(alert, subscriber("after-erasure"))).get(0);
		Web.withoutCookies(this.port, Fixtures.newClient())
			.post(Web.path(another), "application/x-www-form-urlencoded",
					"pageLang=en".getBytes(StandardCharsets.UTF_8));

		assertThat(total(alert, 0)).as("the erased reader still counts, once").isEqualTo(2);
	}

	@Test
	void aCrashBetweenErasuresTwoWritesCountsTheReportOnce() {
		AlertSnapshot alert = alert();
		Subscriber reader = subscriber("half-erased");
		String link = actedLinks(mailAlert(alert, reader)).get(0);
		Web.withoutCookies(this.port, Fixtures.newClient())
			.post(Web.path(link), "application/x-www-form-urlencoded", "pageLang=en".getBytes(StandardCharsets.UTF_8));
		Document report = this.mongo.findById(reader.id() + ":" + alert.id() + ":0", Document.class,
				ActionReports.REPORTS);
		// The anonymous copy written, the report not yet deleted: as a crash leaves them.
		this.mongo
			.insert(new Document("_id", "erased:" + report.getString("token")).append("alertId", alert.id().toString())
				.append("version", 1)
				.append("action", 0)
				.append("kind", "write")
				.append("token", report.getString("token"))
				.append("published", true), ActionReports.REPORTS);

		assertThat(total(alert, 0)).isEqualTo(1);

		assertThat(this.actionReports.erase(SubscriberId.parse(reader.id()))).isEqualTo(1);

		assertThat(total(alert, 0)).isEqualTo(1);
		assertThat(this.mongo.count(Query.query(Criteria.where("alertId").is(alert.id().toString())),
				ActionReports.REPORTS))
			.isEqualTo(1);
	}

	private static AlertSnapshot alert() {
		return new AlertSnapshot(AlertId.random(), 1, AlertKind.URGENT_ACTION, "justice-for-dana",
				new Campaign("free-dana-serikova", "Free Dana"), "KZ", List.of(), "en",
				Map.of("en",
						new LocalizedContent("Dana Serikova begins a hunger strike", "Write to the court today.",
								"<p>Please write today.</p>", null)),
				List.of(new Action.WriteTo(new Target("A. Official", "Prosecutor", null, List.of("1 Court Street"),
						null, null, null, null)), new Action.ProtestToEmbassy("Ask after her health.")),
				Instant.now(), null, null);
	}

	private Subscriber subscriber(String who) {
		return Fixtures.insert(this.mongo, Fixtures.newAddress(who), SubscriberStatus.CONFIRMED, "free-dana-serikova");
	}

	private MimeMessage mailAlert(AlertSnapshot alert, Subscriber subscriber) {
		var recipient = this.store.recipients(List.of(SubscriberId.parse(subscriber.id()))).getFirst();
		AlertEvent event = new AlertEvent.AlertPublished(EventId.random(), ContractEvent.SCHEMA_VERSION, Instant.now(),
				alert);
		try (SmtpSender.SmtpSession session = this.sender.open()) {
			assertThat(session.send(this.composer.compose(event, recipient, null, Instant.now())).status())
				.isEqualTo(DeliveryStatus.SENT);
		}
		return Fixtures.awaitOnlyMail(this.mailbox, subscriber.email());
	}

	private static List<String> actedLinks(MimeMessage message) {
		List<String> found = new ArrayList<>();
		Matcher matcher = ACTED_LINK.matcher(Mails.text(message));
		while (matcher.find()) {
			found.add(matcher.group());
		}
		return found;
	}

	/** The reports that name a reader (an erased reader's count stays, anonymous). */
	private long reports(AlertSnapshot alert) {
		return this.mongo.count(
				Query.query(Criteria.where("alertId").is(alert.id().toString()).and("subscriberId").exists(true)),
				ActionReports.REPORTS);
	}

	private long total(AlertSnapshot alert, int action) {
		return this.actionReports.total(alert.id().toString(), action);
	}

	private static List<ActionsReported> reported(TopicReader events, AlertSnapshot alert) {
		return events.records()
			.stream()
			.filter((record) -> record.key().equals(alert.id().toString()))
			.map(ConsumerRecord::value)
			.map((value) -> WireFormat.jsonMapper().readValue(value, ContractEvent.class))
			.filter(ActionsReported.class::isInstance)
			.map(ActionsReported.class::cast)
			.toList();
	}

}
