package org.solidarityalerts.service;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a request's parameters (its query and, for a form, its body) before anything else
 * does, and refuses the request with 400 if they cannot be read: a broken
 * percent-encoding, bytes that are not UTF-8 (an overlong form or an encoded surrogate
 * included), more parameters than the container takes. Otherwise Tomcat throws its
 * failure from whichever {@code getParameter} call comes first (a CSRF check, a template
 * reading a query parameter), which ends as a logged stack trace, an answer of 500, or an
 * error page that itself fails; and the next call finds the parameters it could read, the
 * broken one left out. Run after the request's character encoding is set (Spring's
 * {@code CharacterEncodingFilter}), so that a form is read as UTF-8, and after the size
 * limits, so that a form refused for its size is not read. A multipart body is left to
 * the multipart reader. How a refusal looks (a problem detail, a page) is the service's
 * {@link Refusal}; it never repeats what was sent.
 */
public final class ReadableParameters extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(ReadableParameters.class);

	private final Refusal refusal;

	private final boolean plainNamesOnly;

	/**
	 * The filter.
	 * @param refusal writes the answer to a request whose parameters cannot be read
	 */
	public ReadableParameters(Refusal refusal) {
		this(refusal, false);
	}

	private ReadableParameters(Refusal refusal, boolean plainNamesOnly) {
		this.refusal = refusal;
		this.plainNamesOnly = plainNamesOnly;
	}

	/**
	 * The filter for a service whose forms name their fields plainly (a list is a name
	 * given several times), which also refuses a parameter named with an index
	 * ({@code languages[5000]}): Spring's binding would grow a list to that index, or
	 * fail with an exception of its own on an index too large for a number.
	 * @param refusal writes the answer to a request whose parameters cannot be read
	 * @return the filter
	 */
	public static ReadableParameters plainNamesOnly(Refusal refusal) {
		return new ReadableParameters(refusal, true);
	}

	/**
	 * The answer for an API: a problem detail that names no parameter.
	 * @return the problem detail
	 */
	public static ProblemDetail problem() {
		return ProblemDetails.of(HttpStatus.BAD_REQUEST, "Unreadable parameters",
				"The query or the form is not well-formed: a broken percent-encoding, or bytes that are not UTF-8. "
						+ "Nothing was stored.");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!multipart(request) && !readable(request)) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			this.refusal.refuse(request, response);
			return;
		}
		chain.doFilter(request, response);
	}

	private boolean readable(HttpServletRequest request) {
		try {
			Set<String> names = request.getParameterMap().keySet();
			if (this.plainNamesOnly && names.stream().anyMatch((name) -> name.indexOf('[') >= 0)) {
				logger.debug("Refused a request with an indexed parameter name");
				return false;
			}
			return true;
		}
		catch (IllegalStateException ex) {
			// Tomcat's InvalidParameterException; its message may quote the parameter,
			// and the path may hold a signed link's token: neither is logged.
			logger.debug("Refused a request whose parameters cannot be read as UTF-8 or are malformed");
			return false;
		}
	}

	private static boolean multipart(HttpServletRequest request) {
		String type = request.getContentType();
		return type != null && type.regionMatches(true, 0, MediaType.MULTIPART_FORM_DATA_VALUE, 0,
				MediaType.MULTIPART_FORM_DATA_VALUE.length());
	}

	/**
	 * How a service answers a request whose parameters cannot be read.
	 */
	@FunctionalInterface
	public interface Refusal {

		/**
		 * Writes the answer; the status (400) is set already. The request's parameters
		 * must not be read.
		 * @param request the request
		 * @param response the answer
		 * @throws IOException if the answer cannot be written
		 */
		void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException;

	}

}
