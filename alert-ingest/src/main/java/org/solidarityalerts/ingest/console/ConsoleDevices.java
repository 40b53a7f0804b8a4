package org.solidarityalerts.ingest.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.service.MongoBuckets;
import org.solidarityalerts.service.TtlIndexes;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * Browsers an organiser has signed in from: after a right password, the browser is given
 * a device cookie ({@value #COOKIE}), a random token bound to that login name. A login
 * from a browser with a device cookie for the name it sends counts its wrong passwords
 * against that device alone, not against the name or the network, so someone who sends an
 * organiser's address with wrong passwords locks out their own tries and every browser
 * the organiser never used, not the organiser's own (the device cookies of OWASP's
 * guidance against lockout attacks). A device's token is stored as its SHA-256, with the
 * login name's digest, for {@link #VALIDITY}; MongoDB removes it then.
 */
@Component
class ConsoleDevices {

	static final String COOKIE = "CONSOLE_DEVICE";

	static final String COLLECTION = "console_devices";

	static final Duration VALIDITY = Duration.ofDays(90);

	private static final String READ = ConsoleDevices.class.getName() + ".read.";

	private static final String NAME = "name";

	private static final String EXPIRE_AT = "expireAt";

	private final SecureRandom random = new SecureRandom();

	private final MongoTemplate mongo;

	private final Clock clock;

	ConsoleDevices(MongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
		TtlIndexes.expireAt(mongo, COLLECTION, EXPIRE_AT);
	}

	/**
	 * The throttle's key of the browser a login comes from, if it has a device cookie for
	 * the name the login sends.
	 * @param request the login
	 * @param name the login name, normalised
	 * @return the device's key, or empty for a browser not known for that name
	 */
	Optional<String> known(HttpServletRequest request, String name) {
		String token = token(request);
		if (token == null) {
			return Optional.empty();
		}
		String key = MongoBuckets.key("device", token);
		// Asked before the password is checked and again after: read once a login.
		Document device = (Document) request.getAttribute(READ + key);
		if (device == null) {
			Document stored = this.mongo.findById(key, Document.class, COLLECTION);
			device = (stored != null) ? stored : new Document();
			request.setAttribute(READ + key, device);
		}
		boolean valid = !device.isEmpty() && LoginThrottle.name(name).equals(device.getString(NAME))
				&& device.getDate(EXPIRE_AT).toInstant().isAfter(this.clock.instant());
		return valid ? Optional.of(key) : Optional.empty();
	}

	/**
	 * Remembers the browser a right password came from, unless it is known for that name
	 * already.
	 * @param name the login name, normalised
	 * @param request the login
	 * @param response its answer, which carries the cookie
	 */
	void remember(String name, HttpServletRequest request, HttpServletResponse response) {
		if (known(request, name).isPresent()) {
			return;
		}
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		this.mongo.insert(new Document("_id", MongoBuckets.key("device", token)).append(NAME, LoginThrottle.name(name))
			.append(EXPIRE_AT, Date.from(this.clock.instant().plus(VALIDITY))), COLLECTION);
		response.addHeader(HttpHeaders.SET_COOKIE,
				ResponseCookie.from(COOKIE, token)
					.path(ConsoleSecurityConfiguration.LOGIN)
					.maxAge(VALIDITY)
					.secure(true)
					.httpOnly(true)
					.sameSite("Strict")
					.build()
					.toString());
	}

	private static @Nullable String token(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		for (Cookie cookie : cookies) {
			if (COOKIE.equals(cookie.getName()) && cookie.getValue() != null && !cookie.getValue().isBlank()) {
				return cookie.getValue();
			}
		}
		return null;
	}

}
