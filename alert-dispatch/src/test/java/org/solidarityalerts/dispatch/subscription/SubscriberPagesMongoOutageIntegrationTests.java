package org.solidarityalerts.dispatch.subscription;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.links.SignedLinks;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.testsupport.MongoThroughProxy;
import org.solidarityalerts.testsupport.TcpProxy;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.solidarityalerts.dispatch.subscription.Fixtures.field;

/**
 * The subscribers' pages while MongoDB cannot be reached (a TCP proxy in front of it is
 * taken down): the page behind an e-mail's link says, in the reader's language, that
 * their records cannot be reached for the moment and to try again in a few minutes (503,
 * {@code Retry-After}), not that something went wrong (500); a sign-up sent meanwhile is
 * told that nothing was saved, not that there are too many sign-ups; the log has a line a
 * request, without the link's token.
 */
@DispatchIntegrationTest
@Import(MongoThroughProxy.class)
@ExtendWith(OutputCaptureExtension.class)
class SubscriberPagesMongoOutageIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	SignedLinks links;

	@Autowired
	TcpProxy mongoProxy;

	@AfterEach
	void mongoBack() {
		this.mongoProxy.up();
	}

	@Test
	void thePageBehindAnEmailsLinkSaysInTheReadersLanguageThatTheRecordsAreAway(CapturedOutput output) {
		Subscriber subscriber = Fixtures.insert(this.mongo, Fixtures.newAddress("away"), SubscriberStatus.CONFIRMED,
				"free-dana-serikova");
		String path = Web.path(this.links.preferences(SubscriberId.parse(subscriber.id())));
		String inGerman = path + (path.contains("?") ? "&" : "?") + "lang=de";
		Web browser = new Web(this.port, Fixtures.newClient());
		assertThat(browser.get(inGerman).statusCode()).isEqualTo(200);

		this.mongoProxy.down();
		HttpResponse<String> page = browser.get(inGerman);

		assertThat(page.statusCode()).as(page.body()).isEqualTo(503);
		assertThat(page.headers().firstValue("Retry-After")).hasValue("30");
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body())
			.contains("lang=\"de\"", "Wir erreichen unsere Daten gerade nicht",
					"Bitte versuchen Sie es in einigen Minuten noch einmal")
			.doesNotContain(subscriber.email(), "Exception");

		this.mongoProxy.up();
		await().atMost(Duration.ofSeconds(30)).until(() -> browser.get(inGerman).statusCode() == 200);
		String token = path.substring(path.lastIndexOf('/') + 1).replaceAll("[?&].*", "");
		assertThat(output.getOut()).contains("MongoDB cannot be reached", "answered 503")
			.doesNotContain(token)
			.doesNotContain(subscriber.email())
			.doesNotContain("Servlet.service()");
	}

	@Test
	void aSignUpSentMeanwhileIsToldNothingWasSavedInItsLanguage() {
		Web browser = new Web(this.port, Fixtures.newClient());
		HttpResponse<String> form = browser.get("/subscribe?lang=fr");
		assertThat(form.statusCode()).isEqualTo(200);
		String email = Fixtures.newAddress("meanwhile");

		this.mongoProxy.down();
		HttpResponse<String> answer = browser.submit(form.body(), "form",
				List.of(field("email", email), field("campaigns", "free-dana-serikova"), field("consent", "true")));

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
		assertThat(answer.headers().firstValue("Retry-After")).hasValue("120");
		assertThat(answer.body()).contains("Nous n’avons pas pu prendre votre abonnement à l’instant")
			.doesNotContain("trop d’abonnements");
		this.mongoProxy.up();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> browser.get("/subscribe?lang=fr").statusCode() == 200
					&& this.mongo.count(Query.query(Criteria.where("email").is(email)), "sign_up_requests") == 0);
	}

}
