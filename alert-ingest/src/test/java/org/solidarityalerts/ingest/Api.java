package org.solidarityalerts.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.WireFormat;
import tools.jackson.databind.JsonNode;

/**
 * The organisers' API as a client sees it over HTTP.
 */
public final class Api {

	private static final HttpClient http = HttpClient.newHttpClient();

	private final String base;

	public Api(int port) {
		this.base = "http://localhost:" + port;
	}

	public Reply get(String path, @Nullable String key, String... headers) {
		return send(request(path, key, headers).GET());
	}

	public Reply post(String path, @Nullable String key, String body, String... headers) {
		return send(request(path, key, headers).POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/**
	 * Posts a body of raw bytes, which need not be UTF-8.
	 */
	public Reply postBytes(String path, @Nullable String key, byte[] body) {
		return send(request(path, key).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
	}

	/**
	 * Posts a body streamed in chunks, without a {@code Content-Length}.
	 */
	public Reply postChunked(String path, @Nullable String key, Supplier<InputStream> body) {
		return send(request(path, key).POST(HttpRequest.BodyPublishers.ofInputStream(body)));
	}

	public Reply put(String path, @Nullable String key, String body, String... headers) {
		return send(request(path, key, headers).PUT(HttpRequest.BodyPublishers.ofString(body)));
	}

	public Reply delete(String path, @Nullable String key) {
		return send(request(path, key).DELETE());
	}

	private HttpRequest.Builder request(String path, @Nullable String key, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json");
		if (key != null) {
			builder.header("Authorization", "Bearer " + key);
		}
		if (headers.length > 0) {
			builder.headers(headers);
		}
		return builder;
	}

	private Reply send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Reply(response.statusCode(), response.headers().map(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A response.
	 *
	 * @param status its status code
	 * @param headers its headers
	 * @param body its body
	 */
	public record Reply(int status, java.util.Map<String, List<String>> headers, String body) {

		public JsonNode json() {
			return WireFormat.jsonMapper().readTree(this.body);
		}

		public @Nullable String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().getFirst())
				.findFirst()
				.orElse(null);
		}

		/**
		 * The fields named by a problem detail's {@code errors}.
		 */
		public List<String> problemFields() {
			return json().path("errors").valueStream().map((error) -> error.path("field").asString()).toList();
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

}
