package org.solidarityalerts.dispatch.mail;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subscriber's message made from its layout's written message keeps the layout's
 * subject, decoded once for all of them.
 */
class LayoutMessageTests {

	private final Session session = Session.getInstance(new Properties());

	@Test
	void aSubscribersMessageHasItsLayoutsSubjectDecoded() throws Exception {
		LayoutMessage layout = LayoutMessage.of(layout("Свободу Дане Серiковой: écrivez à l'ambassade"));

		StableIdMimeMessage message = layout.fill(this.session, "<a@example.org>", body("text"), body("html"));

		assertThat(message.getSubject()).isEqualTo("Свободу Дане Серiковой: écrivez à l'ambassade");
		assertThat(message.getHeader("Subject", null)).startsWith("=?UTF-8?");
	}

	@Test
	void aSubjectChangedAfterwardsIsDecodedAgain() throws Exception {
		LayoutMessage layout = LayoutMessage.of(layout("Écrivez aujourd'hui"));
		StableIdMimeMessage message = layout.fill(this.session, "<b@example.org>", body("text"), body("html"));

		message.setSubject("Ещё одно письмо", StandardCharsets.UTF_8.name());

		assertThat(message.getSubject()).isEqualTo("Ещё одно письмо");
	}

	private static Slots.Body body(String encoded) {
		byte[] bytes = encoded.getBytes(StandardCharsets.US_ASCII);
		return new Slots.Body(new byte[][] { bytes }, bytes.length);
	}

	private MimeMessage layout(String subject) throws Exception {
		MimeMessage message = new MimeMessage(this.session);
		message.setSubject(subject, StandardCharsets.UTF_8.name());
		message.setText("before " + LayoutMessage.TEXT + " between " + LayoutMessage.HTML + " after", "US-ASCII");
		message.saveChanges();
		return message;
	}

}
