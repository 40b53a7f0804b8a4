package org.solidarityalerts.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.springframework.web.util.HtmlUtils;

/**
 * A read-only web page listing what the local SMTP server received, newest first, with
 * each message's raw source.
 */
final class MailViewer implements AutoCloseable {

	private final HttpServer server;

	private final GreenMail greenMail;

	MailViewer(GreenMail greenMail, int port) throws IOException {
		this.greenMail = greenMail;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			List<MimeMessage> messages = List.of(this.greenMail.getReceivedMessages()).reversed();
			String path = exchange.getRequestURI().getPath();
			if (path.startsWith("/message/")) {
				int index = Integer.parseInt(path.substring("/message/".length()));
				if (index < 0 || index >= messages.size()) {
					respond(exchange, 404, "text/plain", "No such message");
					return;
				}
				ByteArrayOutputStream raw = new ByteArrayOutputStream();
				messages.get(index).writeTo(raw);
				respond(exchange, 200, "text/plain; charset=utf-8", raw.toString(StandardCharsets.UTF_8));
				return;
			}
			StringBuilder page = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
					+ "<title>Local mailbox</title><meta http-equiv=\"refresh\" content=\"5\"></head><body "
					+ "style=\"font-family:sans-serif\"><h1>Local mailbox</h1><p>")
				.append(messages.size())
				.append(" message(s) received; this page refreshes every 5 seconds.</p><table border=\"1\" "
						+ "cellpadding=\"4\"><tr><th>Received</th><th>To</th><th>Subject</th><th></th></tr>");
			for (int i = 0; i < messages.size(); i++) {
				MimeMessage message = messages.get(i);
				page.append("<tr><td>")
					.append(escape(String.valueOf(message.getReceivedDate())))
					.append("</td><td>")
					.append(escape(String.join(", ",
							java.util.Arrays.stream(message.getAllRecipients())
								.map((address) -> ((InternetAddress) address).toUnicodeString())
								.toList())))
					.append("</td><td>")
					.append(escape(message.getSubject()))
					.append("</td><td><a href=\"/message/")
					.append(i)
					.append("\">source</a></td></tr>");
			}
			respond(exchange, 200, "text/html; charset=utf-8", page.append("</table></body></html>").toString());
		}
		catch (MessagingException | NumberFormatException ex) {
			respond(exchange, 500, "text/plain", "Could not read the mailbox: " + ex.getMessage());
		}
	}

	private static String escape(String text) {
		return HtmlUtils.htmlEscape((text != null) ? text : "");
	}

	private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", type);
		exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
