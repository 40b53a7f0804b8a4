package org.solidarityalerts.service;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies larger than a limit before anything reads them, the one way
 * every service limits them: a body that declares a larger {@code Content-Length} is
 * refused at once with 413 (and the connection closed, so the rest is not read). A body
 * that declares no length is either counted while it is read, and reading it fails with
 * {@link RequestTooLargeException} once it grows too large ({@link #counting}), or
 * refused with 411 ({@link #lengthRequired}, for forms: browsers always say the length).
 * How a refusal looks (a problem detail, a page) is the service's {@link Refusal}.
 */
public final class RequestSizeLimit extends OncePerRequestFilter {

	private final DataSize limit;

	private final boolean lengthRequired;

	private final Refusal refusal;

	private RequestSizeLimit(DataSize limit, boolean lengthRequired, Refusal refusal) {
		this.limit = limit;
		this.lengthRequired = lengthRequired;
		this.refusal = refusal;
	}

	/**
	 * Limits every request; a body without a declared length is counted while it is read.
	 * @param limit the largest body accepted
	 * @param refusal writes the answer to a body declared too large
	 * @return the filter
	 */
	public static RequestSizeLimit counting(DataSize limit, Refusal refusal) {
		return new RequestSizeLimit(limit, false, refusal);
	}

	/**
	 * Limits POST requests, which must declare their length (411 otherwise).
	 * @param limit the largest body accepted
	 * @param refusal writes the answer to a body declared too large, or not declared
	 * @return the filter
	 */
	public static RequestSizeLimit lengthRequired(DataSize limit, Refusal refusal) {
		return new RequestSizeLimit(limit, true, refusal);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.lengthRequired && !"POST".equals(request.getMethod())) {
			chain.doFilter(request, response);
			return;
		}
		long length = request.getContentLengthLong();
		if (length > this.limit.toBytes()) {
			refuse(request, response, HttpStatus.CONTENT_TOO_LARGE);
			return;
		}
		if (length < 0 && this.lengthRequired) {
			refuse(request, response, HttpStatus.LENGTH_REQUIRED);
			return;
		}
		chain.doFilter((length < 0) ? new CountedRequest(request, this.limit) : request, response);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status)
			throws IOException {
		response.setStatus(status.value());
		response.setHeader("Connection", "close");
		this.refusal.refuse(request, response, status, this.limit);
	}

	/**
	 * How a service answers a request refused before it was read.
	 */
	@FunctionalInterface
	public interface Refusal {

		/**
		 * Writes the answer; the status is set already.
		 * @param request the request
		 * @param response the answer
		 * @param status 413 (too large) or 411 (no length)
		 * @param limit the largest body accepted
		 * @throws IOException if the answer cannot be written
		 */
		void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, DataSize limit)
				throws IOException;

	}

	private static final class CountedRequest extends HttpServletRequestWrapper {

		private final DataSize limit;

		private CountedRequest(HttpServletRequest request, DataSize limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			ServletInputStream delegate = super.getInputStream();
			long max = this.limit.toBytes();
			return new ServletInputStream() {

				private long read;

				@Override
				public int read() throws IOException {
					int b = delegate.read();
					if (b >= 0) {
						count(1);
					}
					return b;
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					int n = delegate.read(buffer, offset, length);
					if (n > 0) {
						count(n);
					}
					return n;
				}

				private void count(int n) throws IOException {
					this.read += n;
					if (this.read > max) {
						throw new RequestTooLargeException(CountedRequest.this.limit);
					}
				}

				@Override
				public boolean isFinished() {
					return delegate.isFinished();
				}

				@Override
				public boolean isReady() {
					return delegate.isReady();
				}

				@Override
				public void setReadListener(ReadListener listener) {
					delegate.setReadListener(listener);
				}

			};
		}

	}

}
