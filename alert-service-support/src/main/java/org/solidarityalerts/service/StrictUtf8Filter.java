package org.solidarityalerts.service;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks every request body as it is read against the strict UTF-8 of RFC 3629: the JSON
 * reader alone would decode an overlong {@code C0 AF} as "/" and let a surrogate encoded
 * in three bytes through. A body that is not UTF-8 fails the read with
 * {@link InvalidUtf8Exception}, which an API answers with 400 ({@link JsonProblems});
 * nothing is replaced with U+FFFD. A service registers it for the paths of its JSON APIs
 * (or imports it, for every request).
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 11)
public class StrictUtf8Filter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(new CheckedRequest(request), response);
	}

	private static final class CheckedRequest extends HttpServletRequestWrapper {

		private CheckedRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			return new CheckedStream(super.getInputStream());
		}

	}

	private static final class CheckedStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);

		private final ByteBuffer pending = ByteBuffer.allocate(8);

		private final CharBuffer scratch = CharBuffer.allocate(1024);

		private long offset;

		private boolean ended;

		private CheckedStream(ServletInputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b < 0) {
				end();
			}
			else {
				check(new byte[] { (byte) b }, 0, 1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int off, int length) throws IOException {
			int n = this.delegate.read(buffer, off, length);
			if (n < 0) {
				end();
			}
			else if (n > 0) {
				check(buffer, off, n);
			}
			return n;
		}

		private void check(byte[] bytes, int off, int length) throws IOException {
			ByteBuffer input;
			if (this.pending.position() > 0) {
				ByteBuffer joined = ByteBuffer.allocate(this.pending.position() + length);
				this.pending.flip();
				joined.put(this.pending).put(bytes, off, length).flip();
				this.pending.clear();
				input = joined;
			}
			else {
				input = ByteBuffer.wrap(bytes, off, length);
			}
			long start = this.offset - input.remaining() + length;
			decode(input, false, start);
			// An incomplete sequence at the end waits for the next read.
			this.pending.put(input);
			this.offset += length;
		}

		private void end() throws IOException {
			if (this.ended) {
				return;
			}
			this.ended = true;
			this.pending.flip();
			decode(this.pending, true, this.offset - this.pending.remaining());
			this.pending.clear();
		}

		private void decode(ByteBuffer input, boolean last, long start) throws IOException {
			int begin = input.position();
			while (true) {
				this.scratch.clear();
				CoderResult result = this.decoder.decode(input, this.scratch, last);
				if (result.isError()) {
					throw new InvalidUtf8Exception(start + input.position() - begin);
				}
				if (result.isUnderflow()) {
					return;
				}
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
