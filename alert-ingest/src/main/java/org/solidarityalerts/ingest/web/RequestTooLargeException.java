package org.solidarityalerts.ingest.web;

import java.io.IOException;
import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;

/**
 * A request body went past the size limit while it was being read.
 */
class RequestTooLargeException extends IOException {

	private final DataSize limit;

	RequestTooLargeException(DataSize limit) {
		super("The request body is larger than " + limit.toKilobytes() + " KB");
		this.limit = limit;
	}

	DataSize limit() {
		return this.limit;
	}

	static ProblemDetail problem(DataSize limit) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
				"The request body is larger than the limit of " + limit.toKilobytes() + " KB; nothing was stored.");
		problem.setTitle("Request too large");
		problem.setType(URI.create("about:blank"));
		problem.setProperty("maxBytes", limit.toBytes());
		return problem;
	}

}
