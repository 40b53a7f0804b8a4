package org.solidarityalerts.dispatch.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.solidarityalerts.dispatch.mail.ServiceWords;
import org.solidarityalerts.service.ProblemDetails;
import org.solidarityalerts.service.SecurityHeaders;

import org.springframework.context.MessageSource;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.util.HtmlUtils;

/**
 * A subscribers' page written without the templates, where Spring MVC does not answer: a
 * form refused before it is read, a path Tomcat refuses itself. In the site's stylesheet,
 * the reader's language and its direction, with the pages' security headers.
 */
public final class BarePage {

	private BarePage() {
	}

	/**
	 * Sets the page's content type and headers.
	 * @param response the response
	 * @param locale the reader's language
	 * @param headers the security headers of the pages
	 */
	public static void headers(HttpServletResponse response, Locale locale, SecurityHeaders headers) {
		response.setContentType(MediaType.TEXT_HTML_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader("Content-Language", locale.toLanguageTag());
		headers.writeTo(response);
	}

	/**
	 * Answers a request refused before anything read it: the API gets the problem detail,
	 * in English; a person gets the page in their language, known without reading the
	 * body.
	 * @param messages the pages' words
	 * @param request the refused request
	 * @param response its response, with its status set
	 * @param headers the security headers of the pages
	 * @param problem the answer for the API
	 * @param title the key of the page's title and heading
	 * @param detail the key of what it says
	 * @param backToSignUp whether it links back to the sign-up page
	 * @throws IOException if the answer cannot be written
	 */
	public static void refuse(MessageSource messages, HttpServletRequest request, HttpServletResponse response,
			SecurityHeaders headers, ProblemDetail problem, String title, String detail, boolean backToSignUp)
			throws IOException {
		if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
			ProblemDetails.write(response, problem);
			return;
		}
		Locale locale = ReaderLocaleResolver.withoutTheBody(request);
		headers(response, locale, headers);
		response.getWriter().write(html(messages, locale, title, detail, backToSignUp));
	}

	/**
	 * The page.
	 * @param messages the pages' words
	 * @param locale the reader's language
	 * @param title the key of its title and heading
	 * @param detail the key of what it says
	 * @param backToSignUp whether it links back to the sign-up page
	 * @return the HTML
	 */
	public static String html(MessageSource messages, Locale locale, String title, String detail,
			boolean backToSignUp) {
		String heading = text(messages, title, locale);
		return "<!DOCTYPE html>\n<html lang=\"" + HtmlUtils.htmlEscape(locale.toLanguageTag()) + "\" dir=\""
				+ ServiceWords.direction(locale) + "\">\n<head>\n<meta charset=\"UTF-8\">\n"
				+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
				+ "<meta name=\"referrer\" content=\"no-referrer\">\n<title>" + heading + " · "
				+ text(messages, "page.site", locale) + "</title>\n"
				+ "<link rel=\"stylesheet\" href=\"/assets/subscription.css\">\n</head>\n<body>\n<main>\n<h1>" + heading
				+ "</h1>\n<p>" + text(messages, detail, locale) + "</p>\n"
				+ (backToSignUp
						? "<p><a href=\"/subscribe\">" + text(messages, "page.problem.back", locale) + "</a></p>\n"
						: "")
				+ "</main>\n</body>\n</html>\n";
	}

	private static String text(MessageSource messages, String key, Locale locale) {
		return HtmlUtils.htmlEscape(messages.getMessage(key, null, locale), StandardCharsets.UTF_8.name());
	}

}
