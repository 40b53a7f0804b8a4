package org.solidarityalerts.local;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Runs the whole service on this machine: a Kafka broker (KRaft), a MongoDB wire server
 * whose data is kept in {@code .local-data/}, an SMTP server with a page showing what it
 * received, ingest and dispatch, and a demo data set. Ctrl-C stops everything.
 */
public final class LocalStack {

	private static final Logger logger = LoggerFactory.getLogger(LocalStack.class);

	static final int MONGO_PORT = 27017;

	/**
	 * The wire server's threads for connections: more than the three services keep open,
	 * so that each connection has one of its own, as on MongoDB (as shipped, a few are
	 * shared and a long command holds up every connection on its thread).
	 */
	private static final int MONGO_CONNECTION_THREADS = 128;

	static final int SMTP_PORT = 2525;

	static final int MAILBOX_PORT = 8025;

	static final int INGEST_PORT = 8080;

	static final int DISPATCH_PORT = 8081;

	static final int DASHBOARD_PORT = 8082;

	/** Where dispatch reads bounces, complaints and unsubscribes by mail. */
	static final int INBOUND_PORT = 2526;

	private LocalStack() {
	}

	public static void main(String[] args) throws Exception {
		Path data = Path.of(System.getProperty("alert.local.data", ".local-data")).toAbsolutePath();
		Files.createDirectories(data);
		EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 3);
		// The KRaft test kit picks the broker's port itself; the banner below prints it.
		kafka.brokerProperty("auto.create.topics.enable", "false");
		kafka.afterPropertiesSet();
		MongoServer mongo = new MongoServer(new H2Backend(data.resolve("mongo.mv").toString()));
		mongo.bind(new InetSocketAddress("127.0.0.1", MONGO_PORT), 1, MONGO_CONNECTION_THREADS);
		GreenMail smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		smtp.start();
		MailViewer mailbox = new MailViewer(smtp, MAILBOX_PORT);
		ServiceStack stack = ServiceStack.start(Map.of("spring.kafka.bootstrap-servers", kafka.getBrokersAsString(),
				"spring.mongodb.uri", "mongodb://127.0.0.1:" + MONGO_PORT, "spring.mail.host", "127.0.0.1",
				"spring.mail.port", SMTP_PORT, "logging.level.com.icegreen", "warn"),
				Map.of("server.port", INGEST_PORT),
				Map.of("server.port", DISPATCH_PORT, "alert.dispatch.mail.public-url",
						"http://localhost:" + DISPATCH_PORT, "alert.dispatch.inbound.enabled", true,
						"alert.dispatch.inbound.bind-address", "127.0.0.1", "alert.dispatch.inbound.port",
						INBOUND_PORT),
				DemoData.dashboard(DASHBOARD_PORT, "127.0.0.1", SMTP_PORT));
		DemoData.load(stack);
		String invitation = DemoData.consoleInvitation(INGEST_PORT);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
			logger.info("Stopping the local stack");
			stack.close();
			mailbox.close();
			smtp.stop();
			mongo.shutdown();
			kafka.destroy();
			stopped.countDown();
		}));
		logger.info("""

				The solidarity alert service is running.
				  Organisers' API:     http://localhost:{}/api/v1/alerts   (demo key: {})
				  Organisers' console: http://localhost:{}/console/login   (the demo organiser {} sets a
				                       password first, at {})
				  Sign-up page:        http://localhost:{}/subscribe
				  Operators' dashboard: http://localhost:{}/   (operator: {} / {}; read-only viewer: {} / {})
				  Received mail:       http://localhost:{}/
				  Kafka:               {}   MongoDB: mongodb://127.0.0.1:{}   SMTP: 127.0.0.1:{}
				  Bounces, complaints, unsubscribes by mail: SMTP 127.0.0.1:{}
				  Data kept in:        {}
				Post the example urgent action:
				  curl -i -H 'Authorization: Bearer {}' -H 'Content-Type: application/json' \\
				       --data @docs/examples/urgent-action.json http://localhost:{}/api/v1/alerts
				Ctrl-C stops everything.
				""", INGEST_PORT, DemoData.ORGANISER_KEY, INGEST_PORT, DemoData.CONSOLE_ORGANISER, invitation,
				DISPATCH_PORT, DASHBOARD_PORT, DemoData.OPERATOR, DemoData.OPERATOR_PASSWORD, DemoData.VIEWER,
				DemoData.VIEWER_PASSWORD, MAILBOX_PORT, kafka.getBrokersAsString(), MONGO_PORT, SMTP_PORT, INBOUND_PORT,
				data, DemoData.ORGANISER_KEY, INGEST_PORT);
		stopped.await();
	}

}
