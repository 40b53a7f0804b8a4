package org.solidarityalerts.ingest.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.ingest.IngestIntegrationTest;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Tomcat, the firewall and the security filters refuse before a controller sees the
 * request is answered as a problem detail too, never an HTML page or an empty body, and
 * no answer sets a cookie. Sent as raw bytes over a socket, since HTTP clients refuse to
 * send most of these.
 */
@IngestIntegrationTest
class ContainerRefusalsIntegrationTests {

	private static final String KEY = IngestIntegrationTest.OPERATOR_KEY;

	@LocalServerPort
	int port;

	static Stream<Arguments> refusals() {
		return Stream.of(refusal("TRACE on the API", 405, "TRACE /api/v1/alerts HTTP/1.1", auth()),
				refusal("TRACE without a key", 405, "TRACE /api/v1/alerts HTTP/1.1"),
				refusal("a traversal path", 400, "GET /api/v1/../../etc/passwd HTTP/1.1", auth()),
				refusal("an encoded traversal path", 400, "GET /api/v1/alerts/%2e%2e/%2e%2e/admin/api-keys HTTP/1.1",
						auth()),
				refusal("an encoded slash", 400, "GET /api/v1/alerts/..%2f..%2fadmin HTTP/1.1", auth()),
				refusal("an encoded NUL", 400, "GET /api/v1/alerts/%00 HTTP/1.1", auth()),
				refusal("a semicolon in the path", 400, "GET /api/v1/alerts;jsessionid=x HTTP/1.1", auth()),
				refusal("a query that is not UTF-8", 400, "GET /api/v1/alerts?status=%FF HTTP/1.1", auth()),
				refusal("a broken percent-encoding in a query", 400, "GET /api/v1/alerts?status=%zz HTTP/1.1", auth()),
				refusal("a path that does not exist", 404, "GET /wp-admin/setup.php HTTP/1.1"),
				refusal("an API path that does not exist", 404, "GET /api/v1/nothing-here HTTP/1.1", auth()),
				refusal("a 20 KB header", 400, "GET /api/v1/alerts HTTP/1.1", auth(), "X-Big: " + "x".repeat(20_000)),
				refusal("a bare CR in a header", 400, "GET /api/v1/alerts HTTP/1.1", auth(), "X-Note: one\rtwo"),
				refusal("no key", 401, "GET /api/v1/alerts HTTP/1.1"),
				refusal("an organiser-less operator path without a key", 401, "GET /api/v1/admin/api-keys HTTP/1.1"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusals")
	void aRefusalIsAProblemDetailWithoutCookieOrLibraryNames(String[] lines, int status) throws IOException {
		RawReply reply = send(lines);

		assertThat(reply.status()).as(reply.text()).isEqualTo(status);
		assertThat(reply.header("Content-Type")).as(reply.text()).startsWith("application/problem+json");
		JsonNode problem = WireFormat.jsonMapper().readTree(reply.body());
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("title").asString()).isNotBlank();
		assertThat(reply.body()).doesNotContainIgnoringCase("exception")
			.doesNotContainIgnoringCase("tomcat")
			.doesNotContainIgnoringCase("spring")
			.doesNotContain("<html", "java.", "org.");
		assertThat(reply.header("Set-Cookie")).as(reply.text()).isNull();
	}

	/**
	 * On the console's pages, a query Tomcat cannot decode gets a page for the organiser
	 * in front of it, in the console's style, not the API's problem detail nor a 500.
	 */
	@Test
	void aConsolePageWhoseQueryCannotBeDecodedGetsAConsolePage() throws IOException {
		RawReply reply = send(new String[] { "GET /console/login?error=%ED%A0%80 HTTP/1.1", "Accept: text/html" });

		assertThat(reply.status()).as(reply.text()).isEqualTo(400);
		assertThat(reply.header("Content-Type")).startsWith("text/html");
		assertThat(reply.header("Content-Security-Policy")).contains("script-src 'self'");
		assertThat(reply.body()).contains("<h1>The request could not be read</h1>", "Nothing was stored",
				"href=\"/console/console.css\"");
	}

	/**
	 * A console form larger than the service takes is refused before anything reads it,
	 * with the console's page for the organiser, not the API's problem detail; the API's
	 * own refusal stays a problem detail, even to a client that asks for HTML.
	 */
	@Test
	void aConsoleFormTooLargeGetsAConsolePageAndTheApiAProblemDetail() throws Exception {
		String tooLarge = "title=" + "x".repeat(300 * 1024);
		HttpClient client = HttpClient.newHttpClient();

		HttpResponse<String> page = client.send(HttpRequest.newBuilder(uri("/console/alerts"))
			.header("Accept", "text/html")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(tooLarge))
			.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> problem = client.send(HttpRequest.newBuilder(uri("/api/v1/alerts"))
			.header("Accept", "text/html")
			.header("Authorization", "Bearer " + KEY)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"title\": \"" + "x".repeat(300 * 1024) + "\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(page.statusCode()).as(page.body()).isEqualTo(413);
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("<h1>Too much to send</h1>", "Nothing was stored",
				"href=\"/console/console.css\"");
		assertThat(problem.statusCode()).as(problem.body()).isEqualTo(413);
		assertThat(problem.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(problem.body()).contains("\"maxBytes\"").doesNotContain("<html");
	}

	/**
	 * JSON posted without its {@code Content-Type} ({@code curl --data} labels it a form)
	 * is told what to send, whether its line breaks made the firewall refuse it as a form
	 * whose parameter name holds a control character or it reached the API as a form.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("jsonSentAsForms")
	void jsonSentAsAFormIsToldToSayItIsJson(String body) throws Exception {
		HttpResponse<String> reply = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(uri("/api/v1/alerts"))
				.header("Authorization", "Bearer " + KEY)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(reply.statusCode()).as(reply.body()).isEqualTo(415);
		assertThat(reply.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = WireFormat.jsonMapper().readTree(reply.body());
		assertThat(problem.path("status").asInt()).isEqualTo(415);
		assertThat(problem.path("detail").asString()).contains("Content-Type: application/json", "Nothing was stored");
	}

	static Stream<Arguments> jsonSentAsForms() {
		return Stream.of(Arguments.of(Named.of("on several lines", "{\n  \"kind\": \"urgent-action\"\n}")),
				Arguments.of(Named.of("on one line", "{\"kind\": \"urgent-action\"}")));
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static Arguments refusal(String name, int status, String... lines) {
		return Arguments.of(Named.of(name, lines), status);
	}

	private static String auth() {
		return "Authorization: Bearer " + KEY;
	}

	private RawReply send(String[] lines) throws IOException {
		StringBuilder request = new StringBuilder(lines[0]).append("\r\n");
		request.append("Host: localhost:").append(this.port).append("\r\n");
		for (int i = 1; i < lines.length; i++) {
			request.append(lines[i]).append("\r\n");
		}
		request.append("Connection: close\r\n\r\n");
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			in.transferTo(received);
			return new RawReply(received.toString(StandardCharsets.UTF_8));
		}
	}

	/**
	 * An HTTP/1.1 answer as it came off the wire.
	 *
	 * @param text all of it
	 */
	record RawReply(String text) {

		int status() {
			return Integer.parseInt(this.text.split(" ", 3)[1]);
		}

		String head() {
			int end = this.text.indexOf("\r\n\r\n");
			return (end >= 0) ? this.text.substring(0, end) : this.text;
		}

		String body() {
			int end = this.text.indexOf("\r\n\r\n");
			String body = (end >= 0) ? this.text.substring(end + 4) : "";
			if (head().toLowerCase().contains("transfer-encoding: chunked")) {
				StringBuilder joined = new StringBuilder();
				String rest = body;
				while (!rest.isEmpty()) {
					int lineEnd = rest.indexOf("\r\n");
					int size = Integer.parseInt(rest.substring(0, lineEnd).trim(), 16);
					if (size == 0) {
						break;
					}
					joined.append(rest, lineEnd + 2, lineEnd + 2 + size);
					rest = rest.substring(lineEnd + 2 + size + 2);
				}
				return joined.toString();
			}
			return body;
		}

		String header(String name) {
			return head().lines()
				.skip(1)
				.filter((line) -> line.toLowerCase().startsWith(name.toLowerCase() + ":"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse(null);
		}

	}

}
