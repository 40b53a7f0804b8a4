package org.solidarityalerts.ingest.archive;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.ModelAndView;

/**
 * What a browser asking for the public archive meets instead of a page (a link copied
 * incompletely, an alert not published yet, MongoDB out of reach) is a page in the
 * archive's style for the supporter who followed the link, not the API's problem detail;
 * feed readers, which ask for Atom, still get the problem detail. The page speaks the
 * language the link asked for, else the reader's browser's, where the archive speaks it.
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
			ArchiveWords.In words = ArchiveWords.in(language(request));
			String key = switch (status.value()) {
				case 404, 405 -> "error.not-found";
				case 400 -> "error.unreadable";
				case 503 -> "error.away";
				default -> "error.other";
			};
			return new ModelAndView("archive/error",
					Map.of("status", status.value(), "language", words.language(), "direction", words.direction(),
							"site", words.word("error.site"), "heading", words.word(key), "explanation",
							words.word(key + ".what")),
					status);
		};
	}

	/**
	 * The page's language: the one the link asked for ({@code ?lang=}, as the archive's
	 * own links do), else the first of the reader's browser languages the archive speaks,
	 * else English.
	 * @param request the request that met the error
	 * @return a language the archive speaks
	 */
	static String language(HttpServletRequest request) {
		String asked = askedFor(request);
		if (asked != null && ArchiveWords.speaks(asked)) {
			return asked;
		}
		if (request.getHeader(HttpHeaders.ACCEPT_LANGUAGE) == null) {
			// The container would answer with its own machine's locale.
			return "en";
		}
		for (Locale locale : Collections.list(request.getLocales())) {
			if (ArchiveWords.speaks(locale.getLanguage())) {
				return locale.getLanguage();
			}
		}
		return "en";
	}

	private static @Nullable String askedFor(HttpServletRequest request) {
		try {
			String lang = request.getParameter("lang");
			return (lang != null) ? Locale.forLanguageTag(lang).getLanguage() : null;
		}
		catch (RuntimeException ex) {
			// A query Tomcat cannot decode is this page's reason, not a language.
			return null;
		}
	}

}
