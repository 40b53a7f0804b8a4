package org.solidarityalerts.local.reliability;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.dashboard.DashboardApplication;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;
import org.solidarityalerts.testsupport.TcpProxy;
import org.solidarityalerts.testsupport.TestInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The read models, not dispatch, lose their MongoDB (a TCP proxy in front of it is taken
 * down) while the outcomes of a fan-out arrive, for far longer than the few quick tries a
 * record that cannot be applied gets: ingest's progress for organisers and the
 * dashboard's board. Neither may skip those outcomes nor count any twice once MongoDB is
 * back.
 */
@SpringBootTest(classes = ReliabilityServers.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ReadModelsMongoOutageIntegrationTests {

	private static final int FOLLOWERS = 40;

	/** Ingest's progress for organisers: a document per alert version. */
	private static final String PROGRESS = "progress_versions";

	/** The dashboard's board: a document per alert version. */
	private static final String BOARD = "dashboard_fanouts";

	@Autowired
	ReliabilityServers.Addresses servers;

	@Autowired
	MongoClient mongoClient;

	@Autowired
	ScriptedSmtpServer smtp;

	ReliabilityRig rig;

	TcpProxy proxy;

	ConfigurableApplicationContext dashboard;

	@BeforeEach
	void start() {
		this.proxy = this.servers.mongoProxy();
		String throughProxy = ReliabilityServers.Addresses.through(this.proxy);
		this.rig = new ReliabilityRig(this.servers.bootstrap(), throughProxy, this.mongoClient);
		this.dashboard = DashboardApplication.builder()
			.run("--spring.profiles.active=local", "--server.port=0",
					"--spring.kafka.bootstrap-servers=" + this.servers.bootstrap(),
					"--spring.mongodb.uri=" + throughProxy, "--spring.mongodb.database=" + TestInfrastructure.DATABASE);
	}

	@AfterEach
	void stop() {
		this.smtp.clear();
		this.proxy.up();
		if (this.dashboard != null) {
			this.dashboard.close();
		}
		this.rig.close();
		this.proxy.close();
	}

	@Test
	void whenTheReadModelsCannotReachMongoWhileOutcomesArriveTheyStillCountEveryFollowerOnce() throws Exception {
		Map<String, Object> properties = this.rig.dispatchProperties(this.smtp.port());
		properties.put("spring.mongodb.uri", this.servers.mongoUri());
		this.rig.startDispatch(properties);
		this.rig.followers("ingest-outage", FOLLOWERS);
		this.smtp.holdAfter(10);

		String alertId = this.rig.postUrgentAction("ingest-outage");
		await().atMost(Duration.ofSeconds(60)).until(() -> this.smtp.held() > 0);
		this.proxy.down();
		this.smtp.release();
		await().atMost(Duration.ofSeconds(60)).until(() -> this.smtp.received().size() >= FOLLOWERS);
		// Far longer than the few quick tries a record that cannot be applied gets.
		await().during(Duration.ofSeconds(8))
			.atMost(Duration.ofSeconds(20))
			.until(() -> sentCounted(alertId, PROGRESS) < FOLLOWERS && sentCounted(alertId, BOARD) < FOLLOWERS);
		// An organiser posting meanwhile is told to try again soon, and nothing is
		// stored.
		HttpResponse<String> meanwhile = this.rig.post("ingest-outage-meanwhile");
		assertThat(meanwhile.statusCode()).isEqualTo(503);
		assertThat(meanwhile.headers().firstValue("Retry-After")).hasValue("30");
		assertThat(meanwhile.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(meanwhile.body()).contains("cannot reach its database").contains("Idempotency-Key");
		this.proxy.up();

		await().atMost(Duration.ofSeconds(120))
			.until(() -> sentCounted(alertId, PROGRESS) == FOLLOWERS && sentCounted(alertId, BOARD) == FOLLOWERS);
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(10))
			.until(() -> sentCounted(alertId, PROGRESS) == FOLLOWERS && sentCounted(alertId, BOARD) == FOLLOWERS);
		assertThat(this.smtp.received()).hasSize(FOLLOWERS);
		assertThat(alertsOf("ingest-outage")).as("alerts stored from the post before the outage").isOne();
		assertThat(alertsOf("ingest-outage-meanwhile")).as("alerts stored from the post refused meanwhile").isZero();
	}

	private long alertsOf(String campaign) {
		return new MongoTemplate(this.mongoClient, TestInfrastructure.DATABASE)
			.count(Query.query(Criteria.where("campaignId").is(campaign)), "alerts");
	}

	/**
	 * How many deliveries of the alert's first version a read model counts as sent, read
	 * straight from MongoDB (the read model itself may not reach it).
	 * @param collection where the read model keeps a document per version
	 */
	private long sentCounted(String alertId, String collection) {
		Document version = new MongoTemplate(this.mongoClient, TestInfrastructure.DATABASE).findById(alertId + ":v1",
				Document.class, collection);
		Document counts = (version != null) ? version.get("counts", Document.class) : null;
		return (counts != null && counts.get("sent") instanceof Number sent) ? sent.longValue() : 0;
	}

}
