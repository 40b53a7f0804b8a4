package org.solidarityalerts.ingest.console;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.solidarityalerts.contract.WireFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Dispatch's internal preview API for the console's tests, on a JDK HTTP server: it
 * checks the service token, keeps each request's body, and answers as dispatch would,
 * simply enough to assert on.
 */
final class StubDispatch {

	private static final String TOKEN = "stub-dispatch-token";

	private final List<JsonNode> calls = new CopyOnWriteArrayList<>();

	private volatile boolean down;

	private final HttpServer server = start();

	void register(DynamicPropertyRegistry registry) {
		registry.add("alert.ingest.preview.dispatch-url",
				() -> "http://127.0.0.1:" + this.server.getAddress().getPort());
		registry.add("alert.ingest.preview.token", () -> TOKEN);
	}

	List<JsonNode> calls() {
		return this.calls;
	}

	void down(boolean down) {
		this.down = down;
	}

	void reset() {
		this.calls.clear();
		this.down = false;
	}

	void stop() {
		this.server.stop(0);
	}

	/**
	 * Dispatch's preview endpoint, as a stub: the subject is the alert's title in the
	 * reader's language (else its default), the parts name the reader's country, and the
	 * HTML carries a script that must never run in the console.
	 */
	private HttpServer start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/internal/v1/previews", this::answer);
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (down || !("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
				exchange.sendResponseHeaders(503, -1);
				return;
			}
			JsonNode body = WireFormat.jsonMapper().readTree(exchange.getRequestBody().readAllBytes());
			this.calls.add(body);
			String asked = body.at("/reader/languages/0").asString();
			String language = body.at("/alert/content").has(asked) ? asked
					: body.at("/alert/defaultLanguage").asString();
			String country = body.at("/reader/residenceCountry").asString();
			String zone = body.at("/reader/timeZone").asString();
			boolean spanish = language.equals("es");
			boolean test = exchange.getRequestURI().getPath().endsWith("/test-sends");
			ObjectNode preview = WireFormat.jsonMapper().createObjectNode();
			preview.put("subject", (test ? (spanish ? "[PRUEBA] " : "[TEST] ") : "")
					+ body.at("/alert/content/" + language + "/title").asString());
			preview.put("html",
					"<p>" + (spanish ? "Embajada en " : "Embassy in ") + country + "</p><script>steal()</script>");
			preview.put("text", (spanish ? "Para lectores en " : "For readers in ") + country + " (" + zone + ")");
			preview.put("language", language);
			preview.put("wordsLanguage", asked);
			ObjectNode answer = preview;
			if (test) {
				answer = WireFormat.jsonMapper().createObjectNode();
				answer.put("status", "sent").put("code", 250).put("detail", "OK");
				answer.set("preview", preview);
			}
			byte[] bytes = WireFormat.jsonMapper().writeValueAsBytes(answer);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, bytes.length);
			exchange.getResponseBody().write(bytes);
		}
	}

}
