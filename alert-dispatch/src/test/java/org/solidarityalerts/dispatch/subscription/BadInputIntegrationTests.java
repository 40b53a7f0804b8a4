package org.solidarityalerts.dispatch.subscription;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.testsupport.Mailbox;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.solidarityalerts.dispatch.subscription.Fixtures.field;

/**
 * Bad input to sign-up is answered clearly, on a readable page for people and as RFC 9457
 * problem details for the API, and nothing of it is stored or mailed: a few cases end to
 * end, through the servlet container and into MongoDB. Every kind of bad input, with the
 * answers' wording, is in the web slice {@code signup.SignUpWebTests}.
 */
@DispatchIntegrationTest
class BadInputIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	Mailbox mailbox;

	/**
	 * An address that leads nowhere (a link from an e-mail cut short): a page saying
	 * there is no page there, in the reader's language, for a browser; a problem detail
	 * for any other client, as the APIs' other refusals are.
	 */
	@Test
	void anAddressThatLeadsNowhereIsAPageForABrowserAndAProblemDetailForAClient() throws Exception {
		HttpResponse<String> page = new Web(this.port, Fixtures.newClient()).get("/preferenc?lang=es");
		HttpResponse<String> problem = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/nothing"))
				.header("Accept", "application/json")
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(page.statusCode()).isEqualTo(404);
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("lang=\"es\"", "No hay ninguna página en esta dirección");
		assertThat(problem.statusCode()).isEqualTo(404);
		assertThat(problem.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(problem.body())
			.contains("\"title\":\"Not Found\"", "\"status\":404", "\"detail\":\"There is nothing at this address.\"")
			.doesNotContain("timestamp", "path", "Exception");
	}

	static Stream<Arguments> badSignUps() {
		return Stream.of(
				Arguments.of("an address with a line break", "email", "amina@example.org\r\nBcc: x@example.org",
						"not a valid e-mail"),
				Arguments.of("a line break in the name", "name", "Amina\r\nBcc: victim@example.org",
						"cannot contain line breaks"),
				Arguments.of("operator syntax as a campaign", "campaigns", "{\"$gt\": \"\"}", "lower-case letters"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badSignUps")
	void theSignUpPageShowsWhatIsWrongAndStoresNothing(String what, String name, String value, String message) {
		Web browser = new Web(this.port, Fixtures.newClient());
		String email = Fixtures.newAddress("page");
		Map<String, String> fields = new java.util.LinkedHashMap<>(
				Map.of("email", email, "campaigns", "free-dana-serikova", "consent", "true"));
		fields.put(name, value);
		List<Map.Entry<String, String>> form = new ArrayList<>(fields.entrySet());

		HttpResponse<String> answer = browser.submit(browser.get("/subscribe").body(), "form", form);

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(answer.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(answer.body()).contains("Nothing has been saved").contains(message);
		assertThat(Fixtures.byEmail(this.mongo, email)).isNull();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badSignUps")
	void theApiAnswersWithProblemDetailsNamingTheFieldAndStoresNothing(String what, String name, String value,
			String message) {
		String email = Fixtures.newAddress("api");
		Map<String, Object> body = new java.util.LinkedHashMap<>(
				Map.of("email", email, "campaigns", List.of("free-dana-serikova"), "consent", true));
		body.put(name, switch (name) {
			case "countries", "languages", "campaigns" -> List.of(value);
			case "consent" -> false;
			default -> value;
		});

		HttpResponse<String> answer = new Web(this.port, Fixtures.newClient()).postJson("/api/v1/subscriptions",
				tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(body));

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(answer.body()).contains("\"field\":\"" + name + "\"").contains(message);
		if (!name.equals("email")) {
			assertThat(answer.body()).doesNotContain(email);
		}
		assertThat(Fixtures.byEmail(this.mongo, email)).isNull();
	}

	@Test
	void jsonThatIsNotStrictlyUtf8OrNamesAFieldTwiceOrCoercesAValueIsRefusedAndNothingIsStoredOrMailed() {
		Web client = new Web(this.port, Fixtures.newClient());
		String overlong = Fixtures.newAddress("overlong");
		String twice = Fixtures.newAddress("twice");
		String word = Fixtures.newAddress("word");
		String surrogate = Fixtures.newAddress("surrogate");
		byte[] json = ("{\"email\": \"" + overlong.replace("@", "\u0001")
				+ "\", \"campaigns\": [\"free-dana-serikova\"], \"consent\": true}")
			.getBytes(StandardCharsets.UTF_8);
		// "@" in the overlong two-byte form C1 80: a lenient decoder reads the address.
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (byte b : json) {
			body.writeBytes((b == 1) ? new byte[] { (byte) 0xC1, (byte) 0x80 } : new byte[] { b });
		}

		List<HttpResponse<String>> answers = List.of(
				client.post("/api/v1/subscriptions", "application/json", body.toByteArray()),
				client.postJson("/api/v1/subscriptions",
						"{\"email\": \"" + twice + "\", \"email\": \"" + Fixtures.newAddress("other")
								+ "\", \"campaigns\": [\"free-dana-serikova\"], \"consent\": true}"),
				client.postJson("/api/v1/subscriptions",
						"{\"email\": \"" + word + "\", \"campaigns\": [\"free-dana-serikova\"], \"consent\": \"yes\"}"),
				client.postJson("/api/v1/subscriptions", "{\"email\": \"" + surrogate
						+ "\", \"name\": \"\\udc00\", \"campaigns\": [\"free-dana-serikova\"], \"consent\": true}"));

		assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(400);
		assertThat(answers).extracting((answer) -> answer.headers().firstValue("Content-Type").orElse(""))
			.containsOnly("application/problem+json");
		assertThat(answers).extracting(HttpResponse::body)
			.satisfiesExactly((notUtf8) -> assertThat(notUtf8).contains("\"field\":\"body\"", "valid UTF-8"),
					(duplicate) -> assertThat(duplicate).contains("\"field\":\"email\"", "given more than once"),
					(coerced) -> assertThat(coerced).contains("\"field\":\"consent\"", "true or false"),
					(unpaired) -> assertThat(unpaired).contains("\"field\":\"name\"", "unpaired surrogate"));
		List<String> refused = List.of(overlong, twice, word, surrogate);
		assertThat(refused).allSatisfy((email) -> assertThat(Fixtures.byEmail(this.mongo, email)).isNull());
		await().during(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> refused.stream().allMatch((email) -> this.mailbox.receivedBy(email).isEmpty()));
	}

	/**
	 * A link a mail program or a copy damaged (a broken percent-encoding, an encoded
	 * slash, bytes that are not UTF-8) is refused by Tomcat before Spring sees it: the
	 * reader still gets the site's page, in their language, not Tomcat's report. Sent on
	 * a raw socket, as no HTTP client library sends such a path.
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/unsubscribe/%zz", "/preferences/a%2Fb", "/confirm/%ff%fe", "/unsubscribe/%00" })
	void aDamagedLinkGetsTheSitesPageInTheReadersLanguage(String path) throws Exception {
		String answer = rawGet(path, "es-ES,es;q=0.9");

		assertThat(answer).startsWith("HTTP/1.1 400");
		assertThat(answer.toLowerCase(java.util.Locale.ROOT)).contains("content-type: text/html;charset=utf-8")
			.contains("content-language: es")
			.contains("content-security-policy: ");
		assertThat(answer).contains("<html lang=\"es\" dir=\"ltr\">")
			.contains("No hay ninguna página en esta dirección")
			.contains("href=\"/subscribe\"")
			.doesNotContain("HTTP Status")
			.doesNotContain("Tomcat");
		assertThat(rawGet(path, "ar")).contains("<html lang=\"ar\" dir=\"rtl\">");
	}

	/**
	 * A form or a query whose parameters Tomcat cannot decode (bytes that are not UTF-8,
	 * a broken percent-encoding), or a form with a field named with an index, which
	 * dispatch's forms never send (Spring's binding failed on it with a 500), gets a page
	 * that says it arrived damaged, in the reader's language, or a problem detail on the
	 * API; nothing is stored.
	 */
	@Test
	void aFormOrQueryThatCannotBeDecodedGetsAPageSayingItArrivedDamagedAndNothingIsStored() throws Exception {
		Web browser = new Web(this.port, Fixtures.newClient());
		String email = Fixtures.newAddress("damaged");
		String page = browser.get("/subscribe").body();
		String token = org.jsoup.Jsoup.parse(page).selectFirst("input[name=_csrf]").attr("value");
		byte[] form = ("_csrf=" + token + "&email=" + email.replace("@", "%40")
				+ "&campaigns=free-dana-serikova&consent=true&name=Am%FFina")
			.getBytes(StandardCharsets.US_ASCII);

		HttpResponse<String> damagedForm = browser.post("/subscribe", "application/x-www-form-urlencoded", form);
		String indexedEmail = Fixtures.newAddress("indexed");
		HttpResponse<String> indexedForm = browser.post("/subscribe", "application/x-www-form-urlencoded",
				("_csrf=" + token + "&email=" + indexedEmail.replace("@", "%40")
						+ "&campaigns=free-dana-serikova&consent=true&languages%5B5000%5D=en")
					.getBytes(StandardCharsets.US_ASCII));
		String damagedQuery = rawGet("/subscribe?campaign=free%2Ddana%E9", "es-ES,es;q=0.9");
		HttpResponse<String> api = browser.postJson("/api/v1/subscriptions?source=%C0%AF",
				"{\"email\": \"" + email + "\", \"campaigns\": [\"free-dana-serikova\"], \"consent\": true}");

		assertThat(damagedForm.statusCode()).isEqualTo(400);
		assertThat(damagedForm.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(damagedForm.body()).contains("We could not read what your browser sent")
			.contains("Nothing was saved")
			.doesNotContain(email);
		assertThat(damagedQuery).startsWith("HTTP/1.1 400")
			.contains("<html lang=\"es\" dir=\"ltr\">")
			.contains("No hemos podido leer lo que envió tu navegador");
		assertThat(api.statusCode()).isEqualTo(400);
		assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(api.body()).contains("not well-formed").doesNotContain(email);
		assertThat(indexedForm.statusCode()).isEqualTo(400);
		assertThat(indexedForm.body()).contains("We could not read what your browser sent");
		assertThat(Fixtures.byEmail(this.mongo, email)).isNull();
		assertThat(Fixtures.byEmail(this.mongo, indexedEmail)).isNull();
	}

	private String rawGet(String path, String languages) throws Exception {
		try (java.net.Socket socket = new java.net.Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nAccept-Language: "
						+ languages + "\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@Test
	void mongoOperatorObjectsInsteadOfValuesAreRefusedAndNothingIsStoredOrMailed() {
		String email = Fixtures.newAddress("operator");
		Web client = new Web(this.port, Fixtures.newClient());

		HttpResponse<String> operatorAsAddress = client.postJson("/api/v1/subscriptions",
				"{\"email\": {\"$ne\": null}, \"campaigns\": [\"c\"], \"consent\": true}");
		HttpResponse<String> operatorAsCountry = client.postJson("/api/v1/subscriptions", "{\"email\": \"" + email
				+ "\", \"residenceCountry\": {\"$gt\": \"\"}, \"campaigns\": [\"c\"], \"consent\": true}");

		assertThat(operatorAsAddress.statusCode()).isEqualTo(400);
		assertThat(operatorAsAddress.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(operatorAsCountry.statusCode()).isEqualTo(400);
		Fixtures.assertNoMailFor(this.mailbox, email);
		assertThat(Fixtures.byEmail(this.mongo, email)).isNull();
	}

	@Test
	void anOversizeFormGetsAReadablePageAndAnOversizeApiRequestAProblem() {
		String email = Fixtures.newAddress("huge");
		Web browser = new Web(this.port, Fixtures.newClient());
		String page = browser.get("/subscribe").body();

		HttpResponse<String> form = browser.submit(page, "form", List.of(field("email", email),
				field("campaigns", "free-dana-serikova"), field("name", "A".repeat(9000)), field("consent", "true")));
		HttpResponse<String> api = browser.postJson("/api/v1/subscriptions",
				"{\"email\": \"" + email + "\", \"name\": \"" + "A".repeat(9000) + "\"}");

		assertThat(form.statusCode()).isEqualTo(413);
		assertThat(form.body()).contains("larger than this form accepts");
		assertThat(form.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(api.statusCode()).isEqualTo(413);
		assertThat(api.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(Fixtures.byEmail(this.mongo, email)).isNull();
	}

}
