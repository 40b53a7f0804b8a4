package org.solidarityalerts.ingest.console;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.http.Cookie;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mongodb.spring.session.MongoSession;

import org.springframework.core.convert.TypeDescriptor;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.savedrequest.DefaultSavedRequest;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.web.servlet.FlashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a console session holds is read back whole by {@link ConsoleSessions.Converter}: a
 * signed-in user after the password alone and after the second factor, the CSRF token, a
 * pending second-factor secret, when the user signed in, a saved request and flash
 * attributes; the document keeps no login name of its own. A class outside those it
 * admits makes the session unreadable, and so absent.
 */
class ConsoleSessionsTests {

	private final ConsoleSessions.Converter converter = new ConsoleSessions.Converter(Duration.ofMinutes(30));

	@Test
	void everythingTheConsoleKeepsInASessionIsReadBack() {
		ConsolePrincipal user = new ConsolePrincipal(
				new ConsoleUser("u-1", "rights-org", "nadia@example.org", "{bcrypt}$2a$10$abcdefghijklmnopqrstuv",
						"JBSWY3DPEHPK3PXP", Instant.parse("2026-11-28T10:00:00Z"), null, null, null, null));
		user.eraseCredentials();
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/console/alerts/new");
		request.setRemoteAddr("203.0.113.9");
		request.setQueryString("campaign=free-dana");
		request.addParameter("campaign", "free-dana");
		request.addHeader("Accept-Language", "es-ES,es;q=0.9");
		request.addPreferredLocale(Locale.forLanguageTag("es-ES"));
		request.setCookies(new Cookie("theme", "dark"));
		UsernamePasswordAuthenticationToken signedIn = UsernamePasswordAuthenticationToken.authenticated(user, null,
				List.of(new SimpleGrantedAuthority(ConsolePrincipal.PASSWORD_ONLY)));
		signedIn.setDetails(new WebAuthenticationDetails(request));
		FlashMap flash = new FlashMap();
		flash.put("draftStored", "/console/alerts/a-1");
		flash.setTargetRequestPath("/console/alerts/a-1");
		flash.addTargetRequestParam("tab", "progress");
		flash.startExpirationPeriod(180);
		// As Spring MVC's SessionFlashMapManager keeps them.
		CopyOnWriteArrayList<FlashMap> flashes = new CopyOnWriteArrayList<>(List.of(flash));

		MongoSession session = new MongoSession();
		session.setAttribute("SPRING_SECURITY_CONTEXT", new SecurityContextImpl(signedIn));
		session.setAttribute("csrf", new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "token-value"));
		session.setAttribute("pendingSecret", "JBSWY3DPEHPK3PXP");
		session.setAttribute("authenticatedAt", Instant.parse("2026-11-28T10:15:30Z"));
		session.setAttribute("SPRING_SECURITY_SAVED_REQUEST", new DefaultSavedRequest(request));
		session.setAttribute("org.springframework.web.servlet.support.SessionFlashMapManager.FLASH_MAPS", flashes);

		Document stored = stored(session);
		assertThat(stored.get("principal")).isNull();
		MongoSession read = read(stored);

		assertThat(read).isNotNull();
		assertThat(read.getId()).isEqualTo(session.getId());
		SecurityContext context = read.getAttribute("SPRING_SECURITY_CONTEXT");
		Authentication authentication = context.getAuthentication();
		assertThat(authentication.getPrincipal()).isInstanceOfSatisfying(ConsolePrincipal.class, (principal) -> {
			assertThat(principal.id()).isEqualTo("u-1");
			assertThat(principal.organisation()).isEqualTo("rights-org");
			assertThat(principal.getUsername()).isEqualTo("nadia@example.org");
		});
		assertThat(authentication.getAuthorities()).extracting(Object::toString)
			.containsExactly(ConsolePrincipal.PASSWORD_ONLY);
		assertThat(authentication.getDetails()).isInstanceOfSatisfying(WebAuthenticationDetails.class,
				(details) -> assertThat(details.getRemoteAddress()).isEqualTo("203.0.113.9"));
		assertThat(read.<CsrfToken>getAttribute("csrf").getToken()).isEqualTo("token-value");
		assertThat(read.<String>getAttribute("pendingSecret")).isEqualTo("JBSWY3DPEHPK3PXP");
		assertThat(read.<Instant>getAttribute("authenticatedAt")).isEqualTo(Instant.parse("2026-11-28T10:15:30Z"));
		SavedRequest saved = read.getAttribute("SPRING_SECURITY_SAVED_REQUEST");
		assertThat(saved.getRedirectUrl()).endsWith("/console/alerts/new?campaign=free-dana");
		assertThat(saved.getLocales()).contains(Locale.forLanguageTag("es-ES"));
		assertThat(saved.getCookies()).extracting(Cookie::getValue).containsExactly("dark");
		List<FlashMap> readFlashes = read
			.getAttribute("org.springframework.web.servlet.support.SessionFlashMapManager.FLASH_MAPS");
		assertThat(readFlashes).singleElement().satisfies((map) -> {
			assertThat(map.get("draftStored")).isEqualTo("/console/alerts/a-1");
			assertThat(map.getTargetRequestParams().getFirst("tab")).isEqualTo("progress");
		});
	}

	@Test
	void aSessionHoldingAClassItDoesNotAdmitIsAbsent() {
		MongoSession session = new MongoSession();
		session.setAttribute("SPRING_SECURITY_CONTEXT", URI.create("https://example.org/"));

		assertThat(read(stored(session))).isNull();
	}

	@Test
	void aSessionWhoseAttributesAreNotASessionsIsAbsent() {
		Document stored = stored(new MongoSession());
		stored.put("attr", new byte[] { 1, 2, 3 });

		assertThat(read(stored)).isNull();
	}

	private Document stored(MongoSession session) {
		return (Document) this.converter.convert(session, TypeDescriptor.valueOf(MongoSession.class),
				TypeDescriptor.valueOf(Document.class));
	}

	private MongoSession read(Document stored) {
		return (MongoSession) this.converter.convert(stored, TypeDescriptor.valueOf(Document.class),
				TypeDescriptor.valueOf(MongoSession.class));
	}

}
