package org.solidarityalerts.dashboard.web;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.solidarityalerts.service.ReadableParameters;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.HtmlUtils;

/**
 * The dashboard's own page for what ends on Spring's error page (an address that leads
 * nowhere, an action the role does not allow, a failure), in the dashboard's style and
 * never with a stack trace; and a query or a form whose parameters Tomcat cannot decode
 * ({@link ReadableParameters}) refused with 400 before anything reads it. The view is
 * named for the dashboard, not {@code error}, which every service in one JVM (the local
 * stack) would find on its class path.
 */
@Configuration(proxyBeanMethods = false)
class ErrorPages {

	@Bean
	ErrorViewResolver dashboardErrorPage() {
		return (request, status, model) -> {
			Words words = Words.of(status);
			Map<String, Object> page = new HashMap<>(model);
			page.put("heading", words.heading());
			page.put("explanation", words.explanation());
			return new ModelAndView("dashboard/error", page, status);
		};
	}

	/**
	 * Reads every request's parameters first, after the character encoding.
	 * @return the filter's registration
	 */
	@Bean
	FilterRegistrationBean<ReadableParameters> readableParameters() {
		FilterRegistrationBean<ReadableParameters> registration = new FilterRegistrationBean<>(
				new ReadableParameters((request, response) -> bare(response, Words.of(HttpStatus.BAD_REQUEST))));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	private static void bare(HttpServletResponse response, Words words) throws IOException {
		response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
		SecurityConfiguration.HEADERS.writeTo(response);
		String heading = HtmlUtils.htmlEscape(words.heading());
		response.getWriter()
			.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + heading
					+ " · Solidarity alerts dashboard</title>\n<link rel=\"stylesheet\" href=\"/css/dashboard.css\">\n"
					+ "</head>\n<body class=\"login\">\n<main>\n<h1>" + heading + "</h1>\n<p>"
					+ HtmlUtils.htmlEscape(words.explanation())
					+ "</p>\n<p><a href=\"/\">Back to the fan-outs</a></p>\n</main>\n</body>\n</html>\n");
	}

	/**
	 * What the page says for a status.
	 *
	 * @param heading the title and heading
	 * @param explanation what happened, and whether anything changed
	 */
	record Words(String heading, String explanation) {

		static Words of(HttpStatusCode status) {
			return switch (status.value()) {
				case 400 -> new Words("The request could not be read",
						"Its address or its form is not what the dashboard takes: a value of the wrong kind (a page "
								+ "number that is not a number), a broken percent-encoding, or bytes that are not "
								+ "UTF-8. Nothing was changed.");
				case 403 -> new Words("Not allowed",
						"Your role does not allow this, or the form had expired. Nothing was changed.");
				case 404, 405 -> new Words("No page at this address", "The dashboard has nothing at this address.");
				case 503 -> new Words("The dashboard cannot reach its database",
						"MongoDB cannot be reached for the moment, so this could not be shown or done. The services' "
								+ "health endpoints say what is down. Try again in a minute.");
				default -> status.is4xxClientError()
						? new Words("The request was refused", "The dashboard could not take it. Nothing was changed.")
						: new Words("Something went wrong",
								"The dashboard could not answer; its log says why. Try again in a moment.");
			};
		}

	}

}
