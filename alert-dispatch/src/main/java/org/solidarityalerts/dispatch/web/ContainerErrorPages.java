package org.solidarityalerts.dispatch.web;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.solidarityalerts.service.ContainerErrors;
import org.solidarityalerts.service.ReadableParameters;
import org.solidarityalerts.service.SecurityHeaders;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.ModelAndView;

/**
 * What Tomcat refuses before the request reaches Spring (a path with a broken
 * percent-encoding, an encoded slash or NUL, bytes that are not UTF-8, a malformed
 * header) answered with a page in the site's layout and the reader's language, as the
 * subscribers' own error page is, instead of Tomcat's report: such a path is most often a
 * link from an e-mail that a mail program or a copy cut or changed. Likewise a query or a
 * form whose parameters Tomcat cannot decode ({@link ReadableParameters}): a page that
 * says it arrived damaged, or a problem detail for the API.
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
	 * What reaches Spring's error page gets the subscribers' error page. Named for the
	 * subscribers, not {@code error}, which every service in one JVM (the local stack)
	 * would find on its class path.
	 * @return the resolver
	 */
	@Bean
	ErrorViewResolver subscriberErrorPage() {
		return (request, status, model) -> new ModelAndView("subscription/error", model, status);
	}

	/**
	 * Reads every request's parameters first, after the size limits of the subscribers'
	 * forms and the character encoding. Dispatch's forms name their fields plainly, so a
	 * parameter named with an index is refused too.
	 * @param messages the pages' words
	 * @return the filter's registration
	 */
	@Bean
	FilterRegistrationBean<ReadableParameters> readableParameters(MessageSource messages) {
		FilterRegistrationBean<ReadableParameters> registration = new FilterRegistrationBean<>(ReadableParameters
			.plainNamesOnly((request, response) -> refuseUnreadable(messages, request, response)));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	private static void refuseUnreadable(MessageSource messages, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		BarePage.refuse(messages, request, response, HEADERS, ReadableParameters.problem(), "page.error.unreadable",
				"page.error.unreadable.what", true);
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
