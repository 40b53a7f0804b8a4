package org.solidarityalerts.dispatch.mail;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A message's data as SMTP sends it after {@code DATA}: every line break as CRLF, and a
 * full stop that begins a line doubled (RFC 5321 4.5.2). The bytes are those Angus Mail's
 * {@code SMTPOutputStream} writes ({@code SmtpDataStreamTests} checks them against it),
 * written in one pass: a message that needs no change (the dispatch's own, whose lines
 * already end in CRLF) leaves in one write, where Angus's stream read every byte twice
 * and wrote each line in two writes, 8 % of the sending threads' CPU in the fan-out
 * benchmark's profile (docs/benchmarks.md).
 * <p>
 * Like Angus's stream it buffers nothing and flushes nothing: the transport flushes the
 * socket's stream once the terminating full stop is written.
 */
final class SmtpDataStream extends OutputStream {

	private static final byte[] CRLF = { '\r', '\n' };

	private static final byte[] LF = { '\n' };

	private static final byte[] DOT = { '.' };

	private final OutputStream out;

	/** Whether the next byte begins a line (as at the start of the data). */
	private boolean lineStart = true;

	/** Whether the last byte written was a carriage return whose line feed may follow. */
	private boolean afterCr;

	SmtpDataStream(OutputStream out) {
		this.out = out;
	}

	@Override
	public void write(int b) throws IOException {
		write(new byte[] { (byte) b }, 0, 1);
	}

	@Override
	public void write(byte[] b, int off, int len) throws IOException {
		int end = off + len;
		int start = off;
		boolean lineStart = this.lineStart;
		boolean afterCr = this.afterCr;
		for (int i = off; i < end; i++) {
			byte c = b[i];
			if (afterCr) {
				afterCr = false;
				if (c == '\n') {
					// The carriage return's own line feed: the line break is CRLF
					// already.
					continue;
				}
				// A carriage return alone: its line break gets its line feed.
				run(b, start, i);
				this.out.write(LF);
				start = i;
			}
			if (c == '\r') {
				afterCr = true;
				lineStart = true;
			}
			else if (c == '\n') {
				// A line feed alone.
				run(b, start, i);
				this.out.write(CRLF);
				start = i + 1;
				lineStart = true;
			}
			else {
				if (c == '.' && lineStart) {
					run(b, start, i);
					this.out.write(DOT);
					start = i;
				}
				lineStart = false;
			}
		}
		run(b, start, end);
		this.lineStart = lineStart;
		this.afterCr = afterCr;
	}

	private void run(byte[] b, int from, int to) throws IOException {
		if (to > from) {
			this.out.write(b, from, to - from);
		}
	}

	/**
	 * Ends the last line, unless it is ended: the data's terminating full stop must begin
	 * a line.
	 * @throws IOException if the write fails
	 */
	void endLine() throws IOException {
		if (this.afterCr) {
			this.out.write(LF);
			this.afterCr = false;
		}
		else if (!this.lineStart) {
			this.out.write(CRLF);
			this.lineStart = true;
		}
	}

	/**
	 * Writes nothing out: the transport flushes the socket's stream after the data's
	 * terminating full stop (as Angus's stream, which {@code MimeMessage.writeTo}
	 * flushes).
	 */
	@Override
	public void flush() {
	}

	/**
	 * Leaves the socket's stream open.
	 */
	@Override
	public void close() {
	}

}
