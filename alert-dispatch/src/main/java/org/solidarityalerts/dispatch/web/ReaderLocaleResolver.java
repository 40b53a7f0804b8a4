package org.solidarityalerts.dispatch.web;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.dispatch.mail.ServiceWords;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The language a page speaks, always one of {@link ServiceWords#LANGUAGES}: the one just
 * chosen from the switcher ({@code ?lang=}), else the language of the page whose form was
 * sent, else the subscriber's own on a page that belongs to one, else the one chosen
 * earlier (a cookie), else the best of the browser's {@code Accept-Language}, else
 * English.
 * <p>
 * A choice from the switcher wins over the subscriber's language on that request, so that
 * someone reading another subscriber's language (a friend's) can switch; the subscriber's
 * language still wins on their next visit, since it is what their e-mails speak.
 */
public final class ReaderLocaleResolver implements LocaleResolver {

	/** The query parameter of the language switcher, and the cookie that remembers it. */
	public static final String PARAMETER = "lang";

	/**
	 * The hidden field by which every form sends the language of its page, so that the
	 * answer speaks it too; unlike the switcher, it is not remembered.
	 */
	public static final String FORM_PARAMETER = "pageLang";

	private static final String SUBSCRIBER = ReaderLocaleResolver.class.getName() + ".subscriber";

	private static final String CHOSEN = ReaderLocaleResolver.class.getName() + ".chosen";

	private static final List<Locale> SUPPORTED = ServiceWords.LANGUAGES.stream().map(Locale::forLanguageTag).toList();

	private static final Duration REMEMBERED = Duration.ofDays(365);

	/**
	 * Speaks a subscriber's language on this request, unless the reader chose another
	 * from the switcher.
	 * @param request the request
	 * @param languages the subscriber's languages, best first (BCP 47)
	 */
	public static void speakTo(HttpServletRequest request, List<String> languages) {
		for (String tag : languages) {
			Locale locale = supported(tag);
			if (locale != null) {
				request.setAttribute(SUBSCRIBER, locale);
				return;
			}
		}
	}

	@Override
	public Locale resolveLocale(HttpServletRequest request) {
		Locale explicit = supported(request.getParameter(PARAMETER));
		if (explicit != null) {
			return explicit;
		}
		if (request.getAttribute(CHOSEN) instanceof Locale chosen) {
			return chosen;
		}
		Locale ofTheForm = supported(request.getParameter(FORM_PARAMETER));
		if (ofTheForm != null) {
			return ofTheForm;
		}
		if (request.getAttribute(SUBSCRIBER) instanceof Locale subscriber) {
			return subscriber;
		}
		return withoutTheBody(request);
	}

	/**
	 * The reader's language from what a request says before its body: the language
	 * remembered from the switcher, else the browser's. For answers given without reading
	 * the body, such as a refusal of one too large.
	 * @param request the request
	 * @return the language, English if none fits
	 */
	public static Locale withoutTheBody(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies != null) {
			for (Cookie cookie : cookies) {
				Locale remembered = PARAMETER.equals(cookie.getName()) ? supported(cookie.getValue()) : null;
				if (remembered != null) {
					return remembered;
				}
			}
		}
		return fromBrowser(request.getHeader(HttpHeaders.ACCEPT_LANGUAGE));
	}

	/**
	 * Remembers a language chosen from the switcher in a cookie for a year; one the
	 * service does not speak is ignored.
	 */
	@Override
	public void setLocale(HttpServletRequest request, @Nullable HttpServletResponse response, @Nullable Locale locale) {
		Locale chosen = (locale != null) ? supported(locale.toLanguageTag()) : null;
		if (chosen == null || response == null) {
			return;
		}
		request.setAttribute(CHOSEN, chosen);
		ResponseCookie cookie = ResponseCookie.from(PARAMETER, chosen.toLanguageTag())
			.path("/")
			.maxAge(REMEMBERED)
			.httpOnly(true)
			.secure(request.isSecure())
			.sameSite("Lax")
			.build();
		response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
	}

	/**
	 * The best of the browser's languages that the service speaks ("fr-CA" is French).
	 * @param acceptLanguage the {@code Accept-Language} header, if any
	 * @return the language, English if none fits
	 */
	static Locale fromBrowser(@Nullable String acceptLanguage) {
		if (acceptLanguage != null && !acceptLanguage.isBlank()) {
			try {
				Locale best = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), SUPPORTED);
				if (best != null) {
					return best;
				}
			}
			catch (IllegalArgumentException ex) {
				// A malformed header counts as none.
			}
		}
		return SUPPORTED.getFirst();
	}

	private static @Nullable Locale supported(@Nullable String tag) {
		if (tag == null || tag.isBlank()) {
			return null;
		}
		String language = Locale.forLanguageTag(tag.strip()).getLanguage();
		return ServiceWords.LANGUAGES.contains(language) ? Locale.forLanguageTag(language) : null;
	}

}
