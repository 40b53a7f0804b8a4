package org.solidarityalerts.ingest.archive;

import java.util.Map;

import jakarta.servlet.RequestDispatcher;

import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;

/**
 * What a browser asking for the public archive meets instead of a page (a link copied
 * incompletely, an alert not published yet, MongoDB out of reach) is a page in the
 * archive's style for the supporter who followed the link, not the API's problem detail;
 * feed readers, which ask for Atom, still get the problem detail.
 */
@Configuration(proxyBeanMethods = false)
class ArchiveErrorPages {

	private static final String ARCHIVE = "/public/";

	@Bean
	ErrorViewResolver archiveErrorPage() {
		return (request, status, model) -> {
			if (!(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path)
					|| !path.startsWith(ARCHIVE)) {
				return null;
			}
			Words words = Words.of(status);
			return new ModelAndView("archive/error",
					Map.of("status", status.value(), "heading", words.heading(), "explanation", words.explanation()),
					status);
		};
	}

	/**
	 * What the page says for a status.
	 *
	 * @param heading the title and heading
	 * @param explanation what happened, and what to do
	 */
	record Words(String heading, String explanation) {

		static Words of(HttpStatus status) {
			return switch (status.value()) {
				case 404, 405 -> new Words("Nothing at this address",
						"There is no published alert or campaign at this address. The link may have been copied "
								+ "incompletely, or the alert is not published yet.");
				case 400 -> new Words("The address could not be read",
						"Part of the address is not what the archive's links contain. Copy the link again in full.");
				case 503 -> new Words("The archive cannot be shown right now",
						"The service cannot reach its database for the moment. Try again in a minute.");
				default -> new Words("Something went wrong", "The page could not be shown. Try again in a minute.");
			};
		}

	}

}
