package org.solidarityalerts.ingest.preview;

import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.ingest.IngestProperties;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The client of dispatch's internal preview API ({@code /internal/v1/previews}): sends
 * the alert's snapshot in the contract's wire format, as the outbox would publish it,
 * with the service token, and reads what dispatch's mail code wrote for the reader.
 */
@Component
public class DispatchPreviews {

	private final RestClient client;

	private final @Nullable String token;

	DispatchPreviews(IngestProperties properties) {
		IngestProperties.Preview preview = properties.preview();
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(preview.timeout()).build());
		requests.setReadTimeout(preview.timeout());
		this.client = RestClient.builder().baseUrl(preview.dispatchUrl().toString()).requestFactory(requests).build();
		this.token = (preview.token() != null && !preview.token().isBlank()) ? preview.token() : null;
	}

	/**
	 * What a reader would receive of an alert.
	 * @param alert the alert's snapshot
	 * @param reader the reader
	 * @return the subject, both parts and the languages used
	 */
	public RenderedPreview preview(AlertSnapshot alert, ReaderProfile reader) {
		return rendered(call("/internal/v1/previews", body(alert, reader, null)));
	}

	/**
	 * Sends one test of what a reader would receive to an address, marked as a test.
	 * @param alert the alert's snapshot
	 * @param reader the reader
	 * @param to the organisation's verified test address
	 * @return what was sent, and what the SMTP server said ({@code status}: sent,
	 * deferred or failed)
	 */
	public TestSent testSend(AlertSnapshot alert, ReaderProfile reader, String to) {
		JsonNode answer = call("/internal/v1/previews/test-sends", body(alert, reader, to));
		return new TestSent(rendered(answer.path("preview")), answer.path("status").asString());
	}

	private static Map<String, Object> body(AlertSnapshot alert, ReaderProfile reader, @Nullable String to) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("alert", alert);
		body.put("reader", reader);
		if (to != null) {
			body.put("to", to);
		}
		return body;
	}

	private JsonNode call(String path, Map<String, Object> body) {
		if (this.token == null) {
			throw new DispatchUnavailableException("Previews are not configured (alert.ingest.preview.token).");
		}
		try {
			String answer = this.client.post()
				.uri(path)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.token)
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON)
				.body(WireFormat.jsonMapper().writeValueAsBytes(body))
				.retrieve()
				.body(String.class);
			if (answer == null) {
				throw new DispatchUnavailableException("Dispatch answered the preview without a body.");
			}
			return WireFormat.jsonMapper().readTree(answer);
		}
		catch (RestClientException | JacksonException ex) {
			throw new DispatchUnavailableException("Dispatch did not render the preview.", ex);
		}
	}

	private static RenderedPreview rendered(JsonNode answer) {
		if (!answer.path("subject").isString() || !answer.path("html").isString() || !answer.path("text").isString()) {
			throw new DispatchUnavailableException("Dispatch's answer is not a preview.");
		}
		return new RenderedPreview(answer.path("subject").asString(), answer.path("html").asString(),
				answer.path("text").asString(), answer.path("language").asString(),
				answer.path("wordsLanguage").asString());
	}

	/**
	 * A test send that dispatch made.
	 *
	 * @param preview what was sent
	 * @param status what the SMTP server said: {@code sent}, {@code deferred} or
	 * {@code failed}
	 */
	public record TestSent(RenderedPreview preview, String status) {
	}

}
