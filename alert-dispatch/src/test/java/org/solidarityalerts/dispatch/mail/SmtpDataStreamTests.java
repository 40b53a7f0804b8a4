package org.solidarityalerts.dispatch.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.eclipse.angus.mail.smtp.SMTPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data stream writes the bytes Angus Mail's {@code SMTPOutputStream} writes, however
 * the message is cut into writes. A message sent through it is received whole in
 * {@code PipeliningTransportTests}.
 */
class SmtpDataStreamTests {

	@ParameterizedTest
	@ValueSource(strings = { "", ".", "..", ".\r\n", "a\r\n.\r\nb", "a\n.b", "a\r.b", "a\r\r\n\n.", "\r", "\n", "\r\n",
			"no end", "ends\r\n", "ends in cr\r", ". . .\r\n.\r\n.." })
	void writesAsAngusDoes(String data) throws IOException {
		byte[] bytes = data.getBytes(StandardCharsets.ISO_8859_1);
		assertThat(ours(bytes, new int[] { bytes.length }, false))
			.isEqualTo(angus(bytes, new int[] { bytes.length }, false));
	}

	@Test
	void aMessageInCrlfLinesWithoutLeadingFullStopsLeavesInOneWrite() throws IOException {
		byte[] message = "Subject: x\r\n\r\nline one\r\nline two\r\n".getBytes(StandardCharsets.US_ASCII);
		CountingStream server = new CountingStream();
		SmtpDataStream data = new SmtpDataStream(server);

		data.write(message);
		data.endLine();

		assertThat(server.writes).isEqualTo(1);
		assertThat(server.bytes.toByteArray()).isEqualTo(message);
	}

	@Test
	void writesThousandsOfMixedMessagesCutAnywhereAsAngusDoes() throws IOException {
		Random random = new Random(20261126);
		byte[] alphabet = ".\r\n ab=\u00e9".getBytes(StandardCharsets.ISO_8859_1);
		for (int i = 0; i < 5000; i++) {
			byte[] data = new byte[random.nextInt(60)];
			for (int at = 0; at < data.length; at++) {
				data[at] = alphabet[random.nextInt(alphabet.length)];
			}
			int[] writes = cuts(random, data.length);
			boolean single = random.nextBoolean();
			assertThat(ours(data, writes, single)).as("data %d", i).isEqualTo(angus(data, writes, single));
		}
	}

	/** Lengths of writes that together cover the data. */
	private static int[] cuts(Random random, int length) {
		int[] writes = new int[length + 1];
		int count = 0;
		int left = length;
		while (left > 0) {
			int write = 1 + random.nextInt(left);
			writes[count++] = write;
			left -= write;
		}
		return java.util.Arrays.copyOf(writes, count);
	}

	private static byte[] ours(byte[] data, int[] writes, boolean bytesOneByOne) throws IOException {
		ByteArrayOutputStream server = new ByteArrayOutputStream();
		SmtpDataStream stream = new SmtpDataStream(server);
		write(stream, data, writes, bytesOneByOne);
		stream.endLine();
		return server.toByteArray();
	}

	private static byte[] angus(byte[] data, int[] writes, boolean bytesOneByOne) throws IOException {
		ByteArrayOutputStream server = new ByteArrayOutputStream();
		SMTPOutputStream stream = new SMTPOutputStream(server);
		write(stream, data, writes, bytesOneByOne);
		stream.ensureAtBOL();
		return server.toByteArray();
	}

	private static void write(OutputStream stream, byte[] data, int[] writes, boolean bytesOneByOne)
			throws IOException {
		int at = 0;
		for (int write : writes) {
			if (bytesOneByOne && write == 1) {
				stream.write(data[at]);
			}
			else {
				stream.write(data, at, write);
			}
			at += write;
		}
	}

	private static final class CountingStream extends OutputStream {

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		private int writes;

		@Override
		public void write(int b) {
			this.writes++;
			this.bytes.write(b);
		}

		@Override
		public void write(byte[] b, int off, int len) {
			this.writes++;
			this.bytes.write(b, off, len);
		}

	}

}
