package org.solidarityalerts.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.testcontainers.containers.GenericContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The messages a Mailpit container received, read through its HTTP API.
 */
class MailpitMailbox implements Mailbox {

	static final int SMTP_PORT = 1025;

	static final int HTTP_PORT = 8025;

	private final GenericContainer<?> container;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	MailpitMailbox(GenericContainer<?> container) {
		this.container = container;
	}

	@Override
	public List<MimeMessage> received() {
		JsonNode list = this.json.readTree(get("/api/v1/messages?limit=100000"));
		List<MimeMessage> messages = new ArrayList<>();
		for (JsonNode summary : list.path("messages")) {
			messages.add(parse(get("/api/v1/message/" + summary.path("ID").asString() + "/raw")));
		}
		return messages.reversed();
	}

	@Override
	public void clear() {
		send(HttpRequest.newBuilder(uri("/api/v1/messages")).DELETE().build());
	}

	private byte[] get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET().build());
	}

	private byte[] send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofByteArray()).body();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private URI uri(String path) {
		return URI.create("http://" + this.container.getHost() + ":" + this.container.getMappedPort(HTTP_PORT) + path);
	}

	private static MimeMessage parse(byte[] raw) {
		try {
			return new MimeMessage(Session.getInstance(new java.util.Properties()), new ByteArrayInputStream(raw));
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
