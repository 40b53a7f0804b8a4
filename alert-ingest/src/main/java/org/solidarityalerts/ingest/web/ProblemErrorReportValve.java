package org.solidarityalerts.ingest.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.solidarityalerts.service.ContainerErrors;
import org.solidarityalerts.service.ProblemDetails;

import org.springframework.http.MediaType;

/**
 * Tomcat's own error report, for what it refuses before the request reaches Spring (a
 * malformed or unsafe path, an encoded NUL, headers too large or malformed), written as a
 * problem detail instead of an HTML page.
 */
public class ProblemErrorReportValve extends ContainerErrors.Report {

	@Override
	protected boolean write(Request request, Response response, int status) throws IOException {
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		Writer writer = response.getReporter();
		if (writer == null) {
			return false;
		}
		writer.write(ProblemDetails.toJson(ProblemErrorController.problem(status)));
		return true;
	}

}
