package org.solidarityalerts.dispatch.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;

/**
 * One layout's e-mail as Jakarta Mail writes it, once: its headers and its multipart
 * content with a marker where each body goes. A subscriber's message is these bytes with
 * their two bodies put in, and their own address, Message-ID and unsubscribe header: the
 * message is not built, encoded and saved again for each subscriber.
 */
final class LayoutMessage {

	private static final String NONCE = UUID.randomUUID().toString();

	/** Stands for the plain-text body in the layout's message. */
	static final String TEXT = "sa-body-" + NONCE + "-text";

	/** Stands for the HTML body in the layout's message. */
	static final String HTML = "sa-body-" + NONCE + "-html";

	/** The layout's header lines, folded, without the subscriber's. */
	private final List<String> headerLines;

	/** The content up to the plain-text body. */
	private final byte[] beforeText;

	/** The content between the plain-text and the HTML body. */
	private final byte[] beforeHtml;

	/** The content after the HTML body. */
	private final byte[] afterHtml;

	/** The layout's subject, as its header has it and decoded. */
	private final StableIdMimeMessage.@Nullable Subject subject;

	private LayoutMessage(List<String> headerLines, StableIdMimeMessage.@Nullable Subject subject, byte[] beforeText,
			byte[] beforeHtml, byte[] afterHtml) {
		this.headerLines = headerLines;
		this.subject = subject;
		this.beforeText = beforeText;
		this.beforeHtml = beforeHtml;
		this.afterHtml = afterHtml;
	}

	/**
	 * Cuts a saved message whose bodies are {@link #TEXT} and {@link #HTML}, written as
	 * they are (already encoded).
	 * @param layout the layout's message, without a Message-ID
	 * @return its parts
	 */
	static LayoutMessage of(MimeMessage layout) {
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
			layout.writeTo(out);
			String written = out.toString(StandardCharsets.ISO_8859_1);
			int content = written.indexOf("\r\n\r\n") + 4;
			int text = written.indexOf(TEXT, content);
			int html = written.indexOf(HTML, text);
			if (content < 4 || text < 0 || html < 0) {
				throw new IllegalStateException("The layout's message lacks a body marker");
			}
			String header = layout.getHeader("Subject", null);
			StableIdMimeMessage.Subject subject = (header != null)
					? new StableIdMimeMessage.Subject(header, layout.getSubject()) : null;
			return new LayoutMessage(List.copyOf(Collections.list(layout.getAllHeaderLines())), subject,
					bytes(written, content, text), bytes(written, text + TEXT.length(), html),
					bytes(written, html + HTML.length(), written.length()));
		}
		catch (IOException | MessagingException ex) {
			throw new IllegalStateException("Could not write a layout's message", ex);
		}
	}

	private static byte[] bytes(String written, int from, int to) {
		return written.substring(from, to).getBytes(StandardCharsets.ISO_8859_1);
	}

	/**
	 * One subscriber's message, not yet addressed.
	 * @param session the mail session
	 * @param messageId the subscriber's Message-ID
	 * @param text the plain-text body, encoded as the layout's part says (ASCII)
	 * @param html the HTML body, encoded likewise
	 * @return the message, ready to be sent once its recipient is set
	 */
	StableIdMimeMessage fill(Session session, String messageId, Slots.Body text, Slots.Body html) {
		byte[] content = new byte[this.beforeText.length + text.length() + this.beforeHtml.length + html.length()
				+ this.afterHtml.length];
		int at = copy(this.beforeText, content, 0);
		at = text.copyTo(content, at);
		at = copy(this.beforeHtml, content, at);
		at = html.copyTo(content, at);
		copy(this.afterHtml, content, at);
		return new StableIdMimeMessage(session, messageId, this.headerLines, content, this.subject);
	}

	private static int copy(byte[] from, byte[] to, int at) {
		System.arraycopy(from, 0, to, at, from.length);
		return at + from.length;
	}

}
