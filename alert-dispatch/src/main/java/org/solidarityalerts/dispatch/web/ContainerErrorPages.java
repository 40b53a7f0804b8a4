package org.solidarityalerts.dispatch.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.solidarityalerts.service.ContainerErrors;
import org.solidarityalerts.service.SecurityHeaders;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.util.HtmlUtils;

/**
 * What Tomcat refuses before the request reaches Spring (a path with a broken
 * percent-encoding, an encoded slash or NUL, bytes that are not UTF-8, a malformed
 * header) answered with a page in the site's layout and the reader's language, as the
 * subscribers' own error page is, instead of Tomcat's report: such a path is most often a
 * link from an e-mail that a mail program or a copy cut or changed.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrorPages {

	/** The headers of the page: no script, no framing, no referrer (as the pages). */
	private static final SecurityHeaders HEADERS = SecurityHeaders.allowing("style-src 'self'");

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> readableContainerErrors(MessageSource messages,
			PageWords words) {
		return ContainerErrors.reportedBy(() -> new PageReport(messages, words));
	}

	/**
	 * The page, for whatever Tomcat refused; public, as Tomcat names the class of its
	 * error report.
	 */
	public static final class PageReport extends ContainerErrors.Report {

		private final MessageSource messages;

		private final PageWords words;

		PageReport(MessageSource messages, PageWords words) {
			this.messages = messages;
			this.words = words;
		}

		@Override
		protected boolean write(Request request, Response response, int status) throws IOException {
			Locale locale = locale(request);
			response.setContentType(MediaType.TEXT_HTML_VALUE);
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.setHeader("Content-Language", locale.toLanguageTag());
			response.setHeader("Content-Security-Policy", HEADERS.contentSecurityPolicy());
			response.setHeader("X-Frame-Options", "DENY");
			response.setHeader("Referrer-Policy", "no-referrer");
			response.setHeader("X-Content-Type-Options", "nosniff");
			Writer writer = response.getReporter();
			if (writer == null) {
				return false;
			}
			writer.write(page(locale));
			return true;
		}

		private static Locale locale(Request request) {
			try {
				return ReaderLocaleResolver.withoutTheBody(request);
			}
			catch (RuntimeException ex) {
				// A header too malformed to read: the page in English.
				return Locale.ENGLISH;
			}
		}

		private String page(Locale locale) {
			String title = text("page.error.notFound", locale);
			return "<!DOCTYPE html>\n<html lang=\"" + HtmlUtils.htmlEscape(locale.toLanguageTag()) + "\" dir=\""
					+ this.words.direction(locale) + "\">\n<head>\n<meta charset=\"UTF-8\">\n"
					+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
					+ "<meta name=\"referrer\" content=\"no-referrer\">\n<title>" + title + " · "
					+ text("page.site", locale) + "</title>\n"
					+ "<link rel=\"stylesheet\" href=\"/assets/subscription.css\">\n</head>\n<body>\n<main>\n<h1>"
					+ title + "</h1>\n<p>" + text("page.error.notFound.what", locale) + "</p>\n"
					+ "<p><a href=\"/subscribe\">" + text("page.problem.back", locale) + "</a></p>\n"
					+ "</main>\n</body>\n</html>\n";
		}

		private String text(String key, Locale locale) {
			return HtmlUtils.htmlEscape(this.messages.getMessage(key, null, locale), StandardCharsets.UTF_8.name());
		}

	}

}
