package org.solidarityalerts.dashboard.web;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.solidarityalerts.dashboard.DashboardIntegrationTest;
import org.solidarityalerts.testsupport.MongoThroughProxy;
import org.solidarityalerts.testsupport.TcpProxy;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The board while MongoDB cannot be reached (a TCP proxy in front of it is taken down):
 * the operator gets the dashboard's own page saying its database cannot be reached and to
 * try again in a minute (503, {@code Retry-After}), not "something went wrong" (500), and
 * the log a line a request, without a stack trace; the board is back once MongoDB is.
 */
@DashboardIntegrationTest
@Import(MongoThroughProxy.class)
@ExtendWith(OutputCaptureExtension.class)
class DashboardMongoOutageIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TcpProxy mongoProxy;

	@AfterEach
	void mongoBack() {
		this.mongoProxy.up();
	}

	@Test
	void theBoardSaysItsDatabaseIsAwayAndComesBackWithIt(CapturedOutput output) throws Exception {
		WebSession session = new WebSession(this.port);
		session.logIn(DashboardIntegrationTest.VIEWER, DashboardIntegrationTest.VIEWER_PASSWORD);
		assertThat(session.get("/").statusCode()).isEqualTo(200);

		this.mongoProxy.down();
		HttpResponse<String> page = session.get("/");

		assertThat(page.statusCode()).as(page.body()).isEqualTo(503);
		assertThat(page.headers().firstValue("Retry-After")).hasValue("30");
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body())
			.contains("<h1>The dashboard cannot reach its database</h1>", "Try again in a minute",
					"href=\"/css/dashboard.css\"")
			.doesNotContain("Exception", "Whitelabel");

		this.mongoProxy.up();
		await().atMost(Duration.ofSeconds(30)).until(() -> session.get("/").statusCode() == 200);
		assertThat(output.getOut()).contains("MongoDB cannot be reached", "answered 503")
			.doesNotContain("Servlet.service()");
	}

}
