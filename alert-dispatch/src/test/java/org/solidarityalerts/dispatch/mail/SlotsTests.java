package org.solidarityalerts.dispatch.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SlotsTests {

	/**
	 * Pieces of text as they reach the encoder: greetings, links, alert text in several
	 * scripts.
	 */
	private static final List<String> ALPHABETS = List.of("abcdefghijklmnopqrstuvwxyz", "ABCXYZ0123456789", "     ",
			"\t", "=", "\r\n", "\n", "\r", ".-_/?&%#:;,'\"<>", "éèçàœßñ", "ąęłńśźż", "абвгдежз", "مرحبا بكم في الحملة",
			"שלום", "中文测试", "日本語のテキスト", "🙂✊📣", "\u200f\u200e", "\u0000\u0007\u007f");

	@ParameterizedTest
	@ValueSource(strings = { "Dear Nasrin,", "Dear Nasrin, ",
			"https://alerts.example.org/preferences?token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl&lang=fa",
			"Estimada Señora Ñúñez:", "عزيزتي نسرين،", "line one  \r\nline two \nline three\r\n", " ", "=", "  ", "a b",
			"x\r\r\ny", "trailing tab\t", "\n\n", "a\rb", "=\r\n",
			"12345678901234567890123456789012345678901234567890123456789012345678901234 ",
			"123456789012345678901234567890123456789012345678901234567890123456789012345",
			"1234567890123456789012345678901234567890123456789012345678901234567890123456",
			"12345678901234567890123456789012345678901234567890123456789012345678901234=" })
	void encodesAsJakartaMailDoes(String text) {
		assertThat(quotedPrintable(text)).isEqualTo(jakartaMail(text));
	}

	@Test
	void encodesThousandsOfMixedTextsAsJakartaMailDoes() {
		Random random = new Random(20261126);
		IntStream.range(0, 5000).forEach((i) -> {
			StringBuilder text = new StringBuilder();
			int pieces = 1 + random.nextInt(40);
			for (int piece = 0; piece < pieces; piece++) {
				String alphabet = ALPHABETS.get(random.nextInt(ALPHABETS.size()));
				int from = random.nextInt(alphabet.length());
				int to = from + random.nextInt(alphabet.length() - from) + 1;
				// Not splitting a surrogate pair: the encoder sees whole characters.
				text.append(alphabet, alphabet.offsetByCodePoints(0, alphabet.codePointCount(0, from)),
						alphabet.offsetByCodePoints(0, alphabet.codePointCount(0, to)));
			}
			assertThat(quotedPrintable(text.toString())).as("text %d", i).isEqualTo(jakartaMail(text.toString()));
		});
	}

	@Test
	void everyPieceEndsALineSoPiecesJoinInAnyOrder() {
		assertThat(quotedPrintable("Dear Nasrin,")).isEqualTo("Dear Nasrin,=\r\n");
		assertThat(quotedPrintable("ends a line\n")).isEqualTo("ends a line\r\n");
		assertThat(quotedPrintable("")).isEmpty();
		assertThat(quotedPrintable("x".repeat(200)).lines())
			.allSatisfy((line) -> assertThat(line).hasSizeLessThanOrEqualTo(76));
	}

	@Test
	void fillsEachSlotWithItsValueEncoded() {
		Slots slots = Slots.of("Hello " + Slots.GREETING + "\nchange: " + Slots.PREFERENCES + "\nleave: "
				+ Slots.UNSUBSCRIBE + "\ndone? " + Slots.acted(1) + "\n");
		String body = text(slots.fill("Señora Ñúñez", "https://a.example/p?t=1", "https://a.example/u?t=2",
				(action) -> "https://a.example/acted/" + action + "?t=3", new IdentityHashMap<>()));
		assertThat(decoded(body)).isEqualTo("Hello Señora Ñúñez\r\nchange: https://a.example/p?t=1\r\n"
				+ "leave: https://a.example/u?t=2\r\ndone? https://a.example/acted/1?t=3\r\n");
	}

	private static String quotedPrintable(String text) {
		return new String(Slots.encoded(text), StandardCharsets.ISO_8859_1);
	}

	private static String text(Slots.Body body) {
		byte[] bytes = new byte[body.length()];
		body.copyTo(bytes, 0);
		return new String(bytes, StandardCharsets.US_ASCII);
	}

	private static String jakartaMail(String text) {
		if (text.isEmpty()) {
			return text;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (OutputStream encoder = MimeUtility.encode(out, "quoted-printable")) {
			encoder.write(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException | MessagingException ex) {
			throw new IllegalStateException(ex);
		}
		String encoded = out.toString(StandardCharsets.US_ASCII);
		return encoded.endsWith("\r\n") ? encoded : encoded + "=\r\n";
	}

	private static String decoded(String quotedPrintable) {
		try {
			return new String(MimeUtility
				.decode(new java.io.ByteArrayInputStream(quotedPrintable.getBytes(StandardCharsets.US_ASCII)),
						"quoted-printable")
				.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException | MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
