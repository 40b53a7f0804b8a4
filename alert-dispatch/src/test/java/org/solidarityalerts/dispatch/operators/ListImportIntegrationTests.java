package org.solidarityalerts.dispatch.operators;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.dispatch.subscription.Fixtures;
import org.solidarityalerts.dispatch.subscription.DispatchIntegrationTest;
import org.solidarityalerts.dispatch.subscription.Web;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Organisers import an existing list as CSV, as the operator: each row needs explicit
 * consent; invalid rows are reported by line and the valid ones kept; a wrong header, a
 * wrong encoding or an oversize file is refused whole with a clear problem.
 */
@DispatchIntegrationTest
class ListImportIntegrationTests {

	private static final String HEADER = String.join(",", ListImport.HEADER) + "\n";

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	@Test
	void onlyTheOperatorMayImport() {
		byte[] file = (HEADER + Fixtures.newAddress("x") + ",,,,c,,yes\n").getBytes(StandardCharsets.UTF_8);
		Web client = new Web(this.port, Fixtures.newClient());
		String wrong = "Basic " + Base64.getEncoder().encodeToString("operator:guess".getBytes(StandardCharsets.UTF_8));

		HttpResponse<String> anonymous = client.post("/api/v1/imports?consentWording=w", "text/csv", file);
		HttpResponse<String> guessed = client.post("/api/v1/imports?consentWording=w", "text/csv", file,
				"Authorization", wrong);

		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Basic"));
		assertThat(guessed.statusCode()).isEqualTo(401);
	}

	@Test
	void aNetworkThatGuessedTooOftenIsRefusedBeforeThePasswordIsCheckedAndOthersAreNot() {
		byte[] file = (HEADER + Fixtures.newAddress("x") + ",,,,c,,yes\n").getBytes(StandardCharsets.UTF_8);
		String guesser = Fixtures.newClient();
		String wrong = "Basic " + Base64.getEncoder().encodeToString("operator:guess".getBytes(StandardCharsets.UTF_8));
		for (int i = 0; i < OperatorSignInThrottle.ATTEMPTS; i++) {
			HttpResponse<String> guessed = new Web(this.port, guesser).post("/api/v1/imports?consentWording=w",
					"text/csv", file, "Authorization", wrong);
			assertThat(guessed.statusCode()).as("guess %d", i).isEqualTo(401);
		}
		assertThat(new Web(this.port, Fixtures.newClient())
			.post("/api/v1/imports?consentWording=w", "text/csv", file, "Authorization", wrong)
			.statusCode()).as("a wrong password from elsewhere").isEqualTo(401);

		for (String authorization : new String[] { wrong, Fixtures.operator() }) {
			HttpResponse<String> refused = new Web(this.port, guesser).post("/api/v1/imports?consentWording=w",
					"text/csv", file, "Authorization", authorization);
			assertThat(refused.statusCode()).isEqualTo(429);
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(refused.headers().firstValue("Retry-After"))
				.hasValueSatisfying((seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L,
						OperatorSignInThrottle.LOCKOUT.toSeconds()));
			assertThat(refused.body()).contains("Too many wrong passwords");
		}

		HttpResponse<String> operator = new Web(this.port, Fixtures.newClient())
			.post("/api/v1/imports?consentWording=w", "text/csv", file, "Authorization", Fixtures.operator());
		assertThat(operator.statusCode()).as(operator.body()).isEqualTo(200);
		assertThat(this.mongo.findAll(Document.class, OperatorSignInThrottle.COLLECTION))
			.allSatisfy((bucket) -> assertThat(bucket.toJson()).doesNotContain(guesser));
	}

	@Test
	void validRowsAreImportedAndEachInvalidRowIsReportedWithItsLineAndReason() {
		String first = Fixtures.newAddress("first");
		String second = Fixtures.newAddress("second");
		String existing = Fixtures
			.insert(this.mongo, Fixtures.newAddress("existing"), SubscriberStatus.CONFIRMED, "free-dana-serikova")
			.email();
		String csv = HEADER + first + ",Amina Diallo,GB,fr;en,free-dana-serikova,KZ,yes\n" // 2
				+ "not-an-address,,,,free-dana-serikova,,yes\n" // 3
				+ Fixtures.newAddress("noconsent") + ",,,,free-dana-serikova,,no\n" // 4
				+ Fixtures.newAddress("badcountry") + ",,XX,,free-dana-serikova,,yes\n" // 5
				+ "\"" + second + "\",\"Berg, Jonas\",SE,sv,homes-not-debts,,yes\n" // 6
				+ first + ",Again,,,free-dana-serikova,,yes\n" // 7
				+ existing + ",,,,free-dana-serikova,,yes\n" // 8
				+ "too,few,columns\n" // 9
				+ Fixtures.newAddress("operator") + ",\"{\"\"$gt\"\": \"\"\"\"}\",,,\"{\"\"$ne\"\":1}\",,yes\n"; // 10

		HttpResponse<String> answer = new Web(this.port, Fixtures.newClient()).post(
				"/api/v1/imports?consentWording=petition-2025", "text/csv", csv.getBytes(StandardCharsets.UTF_8),
				"Authorization", Fixtures.operator());

		assertThat(answer.statusCode()).isEqualTo(200);
		JsonNode report = JsonMapper.builder().build().readTree(answer.body());
		assertThat(report.path("imported").asInt()).isEqualTo(2);
		assertThat(report.path("alreadySubscribed").asInt()).isEqualTo(1);
		assertThat(report.path("rejected").valueStream().map((row) -> row.path("line").asInt()).toList())
			.containsExactly(3, 4, 5, 7, 9, 10);
		assertThat(report.path("rejected").get(0).path("reason").asString()).contains("not a valid e-mail address");
		assertThat(report.path("rejected").get(1).path("reason").asString()).contains("consent");
		assertThat(report.path("rejected").get(2).path("reason").asString()).contains("Unknown country");
		assertThat(report.path("rejected").get(3).path("reason").asString()).contains("line 2");
		assertThat(report.path("rejected").get(4).path("reason").asString()).contains("columns");
		assertThat(answer.body()).doesNotContain("not-an-address");
		Subscriber imported = Fixtures.byEmail(this.mongo, first);
		assertThat(imported.status()).isEqualTo(SubscriberStatus.CONFIRMED);
		assertThat(imported.languages()).containsExactly("fr", "en");
		assertThat(imported.consent().source()).isEqualTo("import");
		assertThat(imported.consent().wordingVersion()).isEqualTo("petition-2025");
		assertThat(Fixtures.byEmail(this.mongo, second).name()).isEqualTo("Berg, Jonas");
	}

	@Test
	void aFileWithTheWrongHeaderIsRefusedWholeAndNothingIsImported() {
		String email = Fixtures.newAddress("header");
		byte[] file = ("mail,name\n" + email + ",Amina\n").getBytes(StandardCharsets.UTF_8);

		HttpResponse<String> answer = new Web(this.port, Fixtures.newClient()).post("/api/v1/imports?consentWording=w",
				"text/csv", file, "Authorization", Fixtures.operator());

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(answer.body()).contains("The first line must be exactly: email,name,residence_country");
		assertThat(Fixtures.byEmail(this.mongo, email)).isNull();
	}

	@Test
	void aFileThatIsNotUtf8IsRefusedWholeAndNothingIsImported() {
		String email = Fixtures.newAddress("latin");
		byte[] file = (HEADER + email + ",Zoë Müller,DE,de,free-dana-serikova,,yes\n")
			.getBytes(StandardCharsets.ISO_8859_1);

		HttpResponse<String> answer = new Web(this.port, Fixtures.newClient()).post("/api/v1/imports?consentWording=w",
				"text/csv", file, "Authorization", Fixtures.operator());

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(answer.body()).contains("not UTF-8");
		assertThat(Fixtures.byEmail(this.mongo, email)).isNull();
	}

	@Test
	void anOversizeFileIsRefusedWith413AndNothingIsImported() {
		String email = Fixtures.newAddress("big");
		StringBuilder csv = new StringBuilder(HEADER).append(email).append(",,,,free-dana-serikova,,yes\n");
		while (csv.length() <= 4096) {
			csv.append(Fixtures.newAddress("filler")).append(",,,,free-dana-serikova,,yes\n");
		}

		HttpResponse<String> answer = new Web(this.port, Fixtures.newClient()).post("/api/v1/imports?consentWording=w",
				"text/csv", csv.toString().getBytes(StandardCharsets.UTF_8), "Authorization", Fixtures.operator());

		assertThat(answer.statusCode()).isEqualTo(413);
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(Fixtures.byEmail(this.mongo, email)).isNull();
	}

}
