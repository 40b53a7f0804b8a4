package org.solidarityalerts.ingest.console;

import java.util.Map;

import jakarta.servlet.RequestDispatcher;

import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.web.servlet.ModelAndView;

/**
 * What ends on the error page from a console page (an address that leads nowhere, a form
 * whose token expired, MongoDB out of reach, a failure) is a page in the console's style
 * for the organiser in front of it, saying whether anything may have been stored, not the
 * API's problem detail. Named for the console, not {@code error}, which every service in
 * one JVM (the local stack) would find on its class path.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleErrorPages {

	private static final String CONSOLE = "/console";

	@Bean
	ErrorViewResolver consoleErrorPage() {
		return (request, status, model) -> {
			if (!(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path)
					|| !(path.equals(CONSOLE) || path.startsWith(CONSOLE + "/"))) {
				return null;
			}
			Words words = (request.getAttribute(WebAttributes.ACCESS_DENIED_403) instanceof CsrfException)
					? Words.SESSION_ENDED : Words.of(status);
			return new ModelAndView("console/error",
					Map.of("status", status.value(), "heading", words.heading(), "explanation", words.explanation()),
					status);
		};
	}

	/**
	 * What the page says for a status.
	 *
	 * @param heading the title and heading
	 * @param explanation what happened, and whether anything was stored
	 */
	record Words(String heading, String explanation) {

		/**
		 * A form sent without the token of its session: the session ended (30 minutes
		 * without a request, a laptop asleep) or was never there.
		 */
		static final Words SESSION_ENDED = new Words("Your session had ended",
				"The console had not heard from this page for a while, so its session ended and nothing was stored. "
						+ "Log in again, then open the form again in this tab: it offers to bring back what you wrote.");

		static Words of(HttpStatus status) {
			return switch (status.value()) {
				case 400 -> new Words("The request could not be read",
						"Some of what it sent is not what the console's pages send. Nothing was stored. Go back, "
								+ "reload the page and try again.");
				case 403 -> new Words("Not allowed",
						"Your account may not do this, or the page had been open so long that its form expired. "
								+ "Nothing was stored. Reload the page and try again.");
				case 404, 405 -> new Words("No page at this address",
						"The console has nothing at this address; it may have been copied incompletely.");
				case 413 -> new Words("Too much to send",
						"What the form sent is larger than the console takes. Nothing was stored; shorten it and "
								+ "try again.");
				case 503 -> new Words("The console cannot reach its database",
						"For the moment the service cannot reach MongoDB, so what you asked may not have been done. "
								+ "Try again in a minute. Before publishing an alert again, look at your alerts: it "
								+ "may be there already.");
				default -> status.is4xxClientError()
						? new Words("The request was refused", "The console could not take it. Nothing was stored.")
						: new Words("Something went wrong",
								"The console could not answer, and what you asked may not have been done; the "
										+ "service's log says why. Try again in a minute.");
			};
		}

	}

}
