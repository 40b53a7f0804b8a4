package org.solidarityalerts.dispatch.web;

import java.io.IOException;
import java.io.Writer;
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
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> readableContainerErrors(MessageSource messages) {
		return ContainerErrors.reportedBy(() -> new PageReport(messages));
	}

	/**
	 * The page, for whatever Tomcat refused; public, as Tomcat names the class of its
	 * error report.
	 */
	public static final class PageReport extends ContainerErrors.Report {

		private final MessageSource messages;

		PageReport(MessageSource messages) {
			this.messages = messages;
		}

		@Override
		protected boolean write(Request request, Response response, int status) throws IOException {
			Locale locale = locale(request);
			BarePage.headers(response, locale, HEADERS);
			Writer writer = response.getReporter();
			if (writer == null) {
				return false;
			}
			writer.write(BarePage.html(this.messages, locale, "page.error.notFound", "page.error.notFound.what", true));
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

	}

}
