package org.solidarityalerts.ingest.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.solidarityalerts.service.ProblemDetails;

import org.springframework.http.MediaType;

/**
 * Tomcat's own error report, for what it refuses before the request reaches Spring (a
 * malformed or unsafe path, an encoded NUL, headers too large or malformed), written as a
 * problem detail instead of an HTML page. Tomcat creates it by its class name, so it is
 * public with a public constructor.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	public ProblemErrorReportValve() {
		setShowReport(false);
		setShowServerInfo(false);
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(ProblemDetails.toJson(ProblemErrorController.problem(status)));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The connection is gone or the answer was already begun: nothing more to
			// say.
		}
	}

}
