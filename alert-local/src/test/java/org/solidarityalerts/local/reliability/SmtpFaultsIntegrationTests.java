package org.solidarityalerts.local.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.solidarityalerts.testsupport.DeliveryOracle;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;
import org.solidarityalerts.testsupport.TcpProxy;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SMTP server misbehaves while an urgent action goes out to thirty followers;
 * dispatch reaches it through a TCP proxy the test can cut or take down. Each scenario is
 * judged by the ledger oracle: every follower receives the alert once, or the failure is
 * explicit. The outage of the server lasts {@code -Dreliability.smtp-down} (5s by
 * default; the {@code reliability} profile makes it a minute).
 */
@SpringBootTest(classes = ReliabilityServers.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmtpFaultsIntegrationTests {

	private static final int FOLLOWERS = 30;

	private static final int CONNECTIONS = 2;

	private static final Duration DOWN = Duration.parse("PT" + System.getProperty("reliability.smtp-down", "5s"));

	private static final Duration PATIENCE = DOWN.plus(Duration.ofSeconds(90));

	@Autowired
	ReliabilityServers.Addresses servers;

	@Autowired
	MongoClient mongoClient;

	@Autowired
	ScriptedSmtpServer smtp;

	ReliabilityRig rig;

	TcpProxy proxy;

	@BeforeAll
	void startServices() {
		this.rig = new ReliabilityRig(this.servers.bootstrap(), this.servers.mongoUri(), this.mongoClient);
		this.proxy = new TcpProxy("127.0.0.1", this.smtp.port());
		Map<String, Object> properties = this.rig.dispatchProperties(this.proxy.port());
		properties.put("alert.dispatch.delivery.max-attempts", 40 + DOWN.toSeconds() * 2);
		this.rig.startDispatch(properties);
	}

	@AfterEach
	void heal() {
		this.proxy.up();
		this.smtp.clear();
	}

	@AfterAll
	void stopServices() {
		this.rig.close();
		this.proxy.close();
	}

	@ParameterizedTest(name = "SMTP {0} to everyone for a while, then recovery")
	@ValueSource(ints = { 421, 451 })
	void aServerThatDefersEveryoneForAWhileIsRetriedUntilItRecoversAndEachFollowerIsMailedOnce(int code)
			throws Exception {
		String campaign = "deferred-" + code;
		DeliveryOracle oracle = scenario(campaign);
		this.smtp.deferEveryone(code);

		String alertId = this.rig.postUrgentAction(campaign);
		oracle.acknowledged(alertId, 1, followers(campaign));
		await().atMost(PATIENCE).until(() -> highestAttempt(alertId) >= 3);
		this.smtp.acceptEveryone();

		oracle.awaitVerdict("SMTP " + code + " to everyone for 3 attempts, then recovery", PATIENCE, System.nanoTime())
			.assertNothingLostOrDuplicated(0);
		this.rig.assertNoListenerStoppedOrHung();
	}

	@Test
	void recipientsRefusedWith550AreRecordedAsFailedAndEveryoneElseIsMailedOnce() throws Exception {
		String campaign = "refused";
		DeliveryOracle oracle = scenario(campaign);
		List<String> followers = followers(campaign);
		for (int i = 0; i < 5; i++) {
			this.smtp.refuse(this.rig.emailOf(followers.get(i)), 550);
		}

		String alertId = this.rig.postUrgentAction(campaign);
		oracle.acknowledged(alertId, 1, followers);

		DeliveryOracle.Verdict verdict = oracle
			.awaitVerdict("SMTP 550 for 5 of 30 recipients", PATIENCE, System.nanoTime())
			.assertNothingLostOrDuplicated(0);
		this.rig.assertNoListenerStoppedOrHung();
		assertThat(verdict.explicitlyFailed()).isEqualTo(5);
		assertThat(this.rig.ledgerEntries(alertId, "failed")).isEqualTo(5);
	}

	@Test
	void aMessageTheServerTookButAnsweredAfterTheReadTimeoutIsNeverSentAgain() throws Exception {
		String campaign = "stalled";
		DeliveryOracle oracle = scenario(campaign);
		this.smtp.stallAfterData(1);

		String alertId = this.rig.postUrgentAction(campaign);
		oracle.acknowledged(alertId, 1, followers(campaign));
		await().atMost(PATIENCE).until(() -> this.smtp.held() == 1);
		await().atMost(PATIENCE)
			.until(() -> this.rig.ledgerEntries(alertId, "deferred") + this.rig.ledgerEntries(alertId, "dead-lettered")
					+ this.rig.ledgerEntries(alertId, "sent") > 0 && this.rig.ledgerEntries(alertId, "sending") == 0);
		this.smtp.release();

		oracle.awaitVerdict("SMTP server takes DATA, answers after the read timeout", PATIENCE, System.nanoTime())
			.assertNothingLostOrDuplicated(1);
		this.rig.assertNoListenerStoppedOrHung();
	}

	@Test
	void connectionsCutInTheMiddleOfASessionLoseNothingAndSendNothingTwice() throws Exception {
		String campaign = "cut";
		DeliveryOracle oracle = scenario(campaign);
		this.smtp.latency(Duration.ofMillis(50));

		String alertId = this.rig.postUrgentAction(campaign);
		oracle.acknowledged(alertId, 1, followers(campaign));
		await().atMost(PATIENCE).until(() -> this.smtp.received().size() >= 5);
		this.proxy.cut();
		long recoveryStarted = System.nanoTime();

		oracle.awaitVerdict("SMTP connections cut mid-session", PATIENCE, recoveryStarted)
			.assertNothingLostOrDuplicated(CONNECTIONS);
		this.rig.assertNoListenerStoppedOrHung();
	}

	@Test
	void aServerThatIsDownForAWhileGetsEveryAlertOnceWhenItIsBack() throws Exception {
		String campaign = "down";
		DeliveryOracle oracle = scenario(campaign);
		this.proxy.down();

		String alertId = this.rig.postUrgentAction(campaign);
		oracle.acknowledged(alertId, 1, followers(campaign));
		await().pollDelay(DOWN).atMost(PATIENCE).until(() -> highestAttempt(alertId) >= 2);
		this.proxy.up();
		long recoveryStarted = System.nanoTime();

		oracle.awaitVerdict("SMTP server down for " + DOWN.toSeconds() + "s", PATIENCE, recoveryStarted)
			.assertNothingLostOrDuplicated(0);
		this.rig.assertNoListenerStoppedOrHung();
	}

	private DeliveryOracle scenario(String campaign) {
		this.rig.followers(campaign, FOLLOWERS);
		return this.rig.oracle(this.smtp::received);
	}

	private List<String> followers(String campaign) {
		return this.rig.followerIds(campaign);
	}

	private int highestAttempt(String alertId) {
		Document top = this.rig.mongo()
			.getCollection("deliveries")
			.find(new Document("alertId", alertId))
			.sort(new Document("attempts", -1))
			.first();
		return (top != null && top.getInteger("attempts") != null) ? top.getInteger("attempts") : 0;
	}

}
