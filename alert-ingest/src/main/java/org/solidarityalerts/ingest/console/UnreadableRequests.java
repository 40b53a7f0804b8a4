package org.solidarityalerts.ingest.console;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.solidarityalerts.service.ReadableParameters;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;

/**
 * A console page's query or form whose parameters Tomcat cannot decode (bytes that are
 * not UTF-8, a broken percent-encoding) gets a page in the console's style, for the
 * organiser in front of it, rather than the API's problem detail that ingest answers
 * elsewhere; registered ahead of that one, for the console's paths.
 */
@Configuration(proxyBeanMethods = false)
class UnreadableRequests {

	private static final String PAGE = """
			<!DOCTYPE html>
			<html lang="en">
			<head>
			<meta charset="utf-8">
			<meta name="viewport" content="width=device-width, initial-scale=1">
			<title>The request could not be read · Solidarity alerts console</title>
			<link rel="stylesheet" href="/console/console.css">
			</head>
			<body>
			<main>
			<h1>The request could not be read</h1>
			<p>Some of what your browser sent is not text the console can read: bytes that are not UTF-8, or a broken
			percent-encoding in the address. Nothing was stored.</p>
			<p>Go back, reload the page and try again.</p>
			<p><a href="/console/alerts">Back to your alerts</a></p>
			</main>
			</body>
			</html>
			""";

	@Bean
	FilterRegistrationBean<ReadableParameters> consoleReadableParameters() {
		FilterRegistrationBean<ReadableParameters> registration = new FilterRegistrationBean<>(
				new ReadableParameters((request, response) -> page(response)));
		registration.setName("consoleReadableParameters");
		registration.addUrlPatterns("/console/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 12);
		return registration;
	}

	private static void page(HttpServletResponse response) throws IOException {
		response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
		ConsoleSecurityConfiguration.HEADERS.writeTo(response);
		response.getWriter().write(PAGE);
	}

}
