package org.solidarityalerts.ingest.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.time.Duration;
import java.util.Arrays;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.codec.digest.DigestUtils;
import org.bson.Document;
import org.bson.types.Binary;
import org.jspecify.annotations.Nullable;
import org.mongodb.spring.session.AbstractMongoSessionConverter;
import org.mongodb.spring.session.JdkMongoSessionConverter;
import org.mongodb.spring.session.MongoIndexedSessionRepository;
import org.mongodb.spring.session.MongoSession;
import org.mongodb.spring.session.config.annotation.web.http.EnableMongoHttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.service.Failures;
import org.solidarityalerts.service.MongoAway;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.ConfigurableObjectInputStream;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.session.SessionRepository;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.FlashMapManager;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/**
 * The console's sessions, kept in MongoDB (Spring Session, in the integration MongoDB
 * maintains) instead of each instance's memory: any ingest instance serves any organiser,
 * so two instances behind a proxy that spreads requests do not log organisers out at
 * random or refuse their forms, and a restart or a rolling upgrade logs nobody out.
 * Spring Boot sets the cookie from {@code server.servlet.session.cookie.*} and the
 * timeout from {@code server.servlet.session.timeout}; MongoDB removes an expired session
 * (a TTL index on {@code expireAt}), and one read after it expired is removed then. A
 * session's id changes at login and again after a second factor's code, and the document
 * under the id before is removed ({@link Store}); logging out removes it. A request that
 * changed nothing in its session only touches it ({@link Store}).
 * <p>
 * A session's id is a bearer secret: whoever holds it is signed in. It is stored only as
 * its SHA-256 ({@link Store#key}), as the organisers' API keys are, so whoever reads the
 * collection (a copied backup, a read-only account) finds no session they can use.
 * <p>
 * What a session holds is serialised as Java objects (who is signed in, the CSRF token, a
 * pending second-factor secret, a saved request, flash attributes). Reading it back
 * admits only the classes those are made of, so a document written into the collection by
 * anyone else cannot make this service build arbitrary objects; a session that cannot be
 * read back (refused, or written by a release whose classes changed) is treated as
 * absent, and its organiser logs in again. The login name is not copied out of the
 * session into a field of its own, as Spring Session does by default to find a user's
 * sessions: nothing here looks sessions up by user (a disabled user's session ends at its
 * next request, read from the user record).
 */
@Configuration(proxyBeanMethods = false)
@EnableMongoHttpSession(collectionName = ConsoleSessions.COLLECTION)
class ConsoleSessions {

	static final String COLLECTION = "console_sessions";

	// The fields JdkMongoSessionConverter writes.
	private static final String ACCESSED = "accessed";

	private static final String EXPIRES = "expireAt";

	private static final String ATTRIBUTES = "attr";

	/**
	 * The classes a session's attributes may be made of: the JDK's values and
	 * collections, Spring Security's contexts, tokens and saved requests, Spring MVC's
	 * flash attributes and the console's principal.
	 */
	static final ObjectInputFilter READABLE = ConsoleSessions::readable;

	private static final ObjectInputFilter ADMITTED = ObjectInputFilter.Config
		.createFilter("maxdepth=20;maxrefs=10000;maxbytes=1000000;maxarray=100000;java.lang.*;java.util.*;java.time.*;"
				+ "java.util.concurrent.CopyOnWriteArrayList;"
				+ "org.springframework.security.**;org.springframework.web.servlet.FlashMap;"
				+ "org.springframework.util.LinkedMultiValueMap;org.springframework.util.MultiValueMapAdapter;"
				+ "org.solidarityalerts.ingest.console.ConsolePrincipal;!*");

	private static final Logger logger = LoggerFactory.getLogger(ConsoleSessions.class);

	private static ObjectInputFilter.Status readable(ObjectInputFilter.FilterInfo info) {
		ObjectInputFilter.Status status = ADMITTED.checkInput(info);
		if (status == ObjectInputFilter.Status.REJECTED && info.serialClass() != null) {
			logger.warn("A console session holds a {}, which this service does not read back",
					info.serialClass().getName());
		}
		return status;
	}

	@Bean
	SessionRepositoryCustomizer<MongoIndexedSessionRepository> consoleSessionTimeout(
			@Value("${server.servlet.session.timeout:30m}") Duration timeout) {
		return (repository) -> repository.setDefaultMaxInactiveInterval(timeout);
	}

	@Bean
	@Primary
	SessionRepository<MongoSession> consoleSessionStore(MongoIndexedSessionRepository sessions, MongoOperations mongo,
			AbstractMongoSessionConverter consoleSessionConverter) {
		return new Store(sessions, mongo, consoleSessionConverter);
	}

	@Bean
	FilterRegistrationBean<Requests> consoleSessionRequests() {
		FilterRegistrationBean<Requests> registration = new FilterRegistrationBean<>(new Requests());
		registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
		return registration;
	}

	/**
	 * Flash attributes (what a page after a redirect is told) only for the console's
	 * pages: Spring MVC looks them up in the session at every request it serves, which
	 * would read the session from MongoDB for a style sheet, or an API call, whose client
	 * holds the console's cookie, and fail them while MongoDB is away.
	 * @return the flash attributes' manager
	 */
	@Bean(DispatcherServlet.FLASH_MAP_MANAGER_BEAN_NAME)
	FlashMapManager consoleFlashMaps() {
		RequestMatcher assets = ConsoleSecurityConfiguration.staticResources();
		FlashMapManager flashMaps = new SessionFlashMapManager();
		return new FlashMapManager() {

			@Override
			public @Nullable FlashMap retrieveAndUpdate(HttpServletRequest request, HttpServletResponse response) {
				boolean page = request.getRequestURI().startsWith("/console/") && !assets.matches(request);
				return page ? flashMaps.retrieveAndUpdate(request, response) : null;
			}

			@Override
			public void saveOutputFlashMap(FlashMap flashMap, HttpServletRequest request,
					HttpServletResponse response) {
				flashMaps.saveOutputFlashMap(flashMap, request, response);
			}

		};
	}

	@Bean
	AbstractMongoSessionConverter consoleSessionConverter(
			@Value("${server.servlet.session.timeout:30m}") Duration timeout) {
		return new Converter(timeout);
	}

	/**
	 * The sessions as Spring Session's filter reads and writes them, minding MongoDB
	 * away. A session that cannot be read fails the request (it is answered 503 with the
	 * console's page), and the rest of that request, its error page included, goes on
	 * without a session, instead of waiting for MongoDB again at each look-up and failing
	 * the error page too. A session that cannot be written once a page is made (Spring
	 * Session writes it as the page is sent) does not fail the page: what the request
	 * changed in the session is lost, and a warning says so. The session's cookie is left
	 * as it was, so an organiser is still signed in once MongoDB is back.
	 */
	static final class Store implements SessionRepository<MongoSession> {

		private static final String AWAY = Store.class.getName() + ".away";

		private static final String READ = Store.class.getName() + ".read.";

		private static final String FOUND = Store.class.getName() + ".found";

		private static final String FOUND_ID = Store.class.getName() + ".foundId";

		private static final String MISSING = Store.class.getName() + ".missing.";

		private final MongoIndexedSessionRepository sessions;

		private final MongoOperations mongo;

		private final AbstractMongoSessionConverter converter;

		Store(MongoIndexedSessionRepository sessions, MongoOperations mongo, AbstractMongoSessionConverter converter) {
			this.sessions = sessions;
			this.mongo = mongo;
			this.converter = converter;
		}

		@Override
		public MongoSession createSession() {
			return this.sessions.createSession();
		}

		/**
		 * Stores a session at the end of a request. A session whose attributes this
		 * request did not change (a page read, a live preview) is only touched: its last
		 * access and expiry are set. Spring Session would write the whole session back,
		 * as it was when the request began, over what a request that ended meanwhile
		 * stored (the flash attribute that says a draft was published). A session read
		 * and changed is replaced. Neither is written if it is no longer there, so a
		 * request that ends after a logout in another tab does not bring the session
		 * back. A new session is inserted.
		 */
		@Override
		public void save(MongoSession session) {
			if (away()) {
				return;
			}
			try {
				Document stored = document(session);
				HttpServletRequest request = Requests.CURRENT.get();
				if (request != null && request.getAttribute(FOUND) == session
						&& request.getAttribute(FOUND_ID) instanceof String before && !before.equals(session.getId())) {
					// Its id changed (at a sign-in): the session is stored under the new
					// id and removed under the old one, which would still open it.
					remove(before);
					request.setAttribute(FOUND_ID, session.getId());
				}
				Object read = (request != null) ? request.getAttribute(READ + session.getId()) : null;
				if (read instanceof byte[] before && Arrays.equals(before, attributes(stored))) {
					this.mongo.updateFirst(Query.query(Criteria.where("_id").is(key(session.getId()))),
							new Update().set(ACCESSED, stored.get(ACCESSED)).set(EXPIRES, stored.get(EXPIRES)),
							COLLECTION);
				}
				else if (read != null) {
					// Changed: replaced, but not brought back if it was removed
					// meanwhile.
					this.mongo.replace(Query.query(Criteria.where("_id").is(key(session.getId()))), stored, COLLECTION);
					request.setAttribute(READ + session.getId(), attributes(stored));
				}
				else {
					this.mongo.save(stored, COLLECTION);
					if (request != null) {
						request.setAttribute(READ + session.getId(), attributes(stored));
					}
				}
			}
			catch (RuntimeException ex) {
				if (!markedAway(ex)) {
					throw ex;
				}
				logger.warn("A console session could not be stored, MongoDB cannot be reached ({}); what the request "
						+ "changed in it is lost", Failures.classes(ex));
			}
		}

		/**
		 * The key a session is stored under: the SHA-256 of its id, in hex. An id is
		 * random (a UUID), so its hash needs no salt to be beyond guessing.
		 * @param id the session's id, as its cookie carries it
		 * @return the {@code _id} of its document
		 */
		static String key(String id) {
			return DigestUtils.sha256Hex(id);
		}

		/** The session as stored: under the hash of its id. */
		private Document document(MongoSession session) {
			Document stored = (Document) this.converter.convert(session, TypeDescriptor.valueOf(MongoSession.class),
					TypeDescriptor.valueOf(Document.class));
			stored.put("_id", key(session.getId()));
			return stored;
		}

		/**
		 * The session stored under the hash of this id, or none if there is none, it
		 * cannot be read back, or it has expired (then it is removed, as Spring Session
		 * does).
		 */
		private @Nullable MongoSession read(String id) {
			Document stored = this.mongo.findById(key(id), Document.class, COLLECTION);
			if (stored == null) {
				return null;
			}
			stored.put("_id", id);
			MongoSession session = (MongoSession) this.converter.convert(stored, TypeDescriptor.valueOf(Document.class),
					TypeDescriptor.valueOf(MongoSession.class));
			if (session != null && session.isExpired()) {
				remove(id);
				return null;
			}
			return session;
		}

		private void remove(String id) {
			this.mongo.remove(Query.query(Criteria.where("_id").is(key(id))), COLLECTION);
		}

		private static byte[] attributes(Document stored) {
			Object attributes = stored.get(ATTRIBUTES);
			return (attributes instanceof Binary binary) ? binary.getData() : (byte[]) attributes;
		}

		/**
		 * Reads a session, once a request: Spring Session may ask again for the session
		 * the request named (after it found none, before answering with a redirect to the
		 * login page), and is given what the first read found.
		 */
		@Override
		public @Nullable MongoSession findById(String id) {
			if (away()) {
				return null;
			}
			HttpServletRequest request = Requests.CURRENT.get();
			if (request != null) {
				if (id.equals(request.getAttribute(FOUND_ID))
						&& request.getAttribute(FOUND) instanceof MongoSession found) {
					return found;
				}
				if (request.getAttribute(MISSING + id) != null) {
					return null;
				}
			}
			try {
				MongoSession session = read(id);
				if (request != null && session != null) {
					request.setAttribute(READ + id, attributes(document(session)));
					request.setAttribute(FOUND, session);
					request.setAttribute(FOUND_ID, id);
				}
				else if (request != null) {
					request.setAttribute(MISSING + id, Boolean.TRUE);
				}
				return session;
			}
			catch (RuntimeException ex) {
				markedAway(ex);
				throw ex;
			}
		}

		@Override
		public void deleteById(String id) {
			if (away()) {
				return;
			}
			HttpServletRequest request = Requests.CURRENT.get();
			if (request != null && id.equals(request.getAttribute(FOUND_ID))) {
				request.removeAttribute(FOUND);
				request.removeAttribute(FOUND_ID);
			}
			try {
				remove(id);
			}
			catch (RuntimeException ex) {
				markedAway(ex);
				throw ex;
			}
		}

		private static boolean away() {
			HttpServletRequest request = Requests.CURRENT.get();
			return request != null && request.getAttribute(AWAY) != null;
		}

		private static boolean markedAway(RuntimeException failure) {
			HttpServletRequest request = Requests.CURRENT.get();
			if (request == null || !MongoAway.in(failure)) {
				return false;
			}
			request.setAttribute(AWAY, Boolean.TRUE);
			return true;
		}

	}

	/**
	 * Holds the request, in each of its dispatches (its error page's too), for the
	 * {@link Store} that Spring Session's filter calls, which is not given it: around
	 * Spring Session's filter, where Spring's own holder of the request is not set yet.
	 */
	static final class Requests implements Filter {

		static final ThreadLocal<@Nullable HttpServletRequest> CURRENT = new ThreadLocal<>();

		@Override
		public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
				throws IOException, ServletException {
			HttpServletRequest before = CURRENT.get();
			CURRENT.set((HttpServletRequest) request);
			try {
				chain.doFilter(request, response);
			}
			finally {
				if (before != null) {
					CURRENT.set(before);
				}
				else {
					CURRENT.remove();
				}
			}
		}

	}

	/**
	 * Reads only admitted classes, treats a session it cannot read as absent, and keeps
	 * no login name beside the attributes.
	 */
	static final class Converter extends JdkMongoSessionConverter {

		Converter(Duration timeout) {
			super(new SerializingConverter(), new DeserializingConverter(Converter::read), timeout);
		}

		private static Object read(InputStream input) throws IOException {
			try (ObjectInputStream objects = new ConfigurableObjectInputStream(input,
					Converter.class.getClassLoader())) {
				objects.setObjectInputFilter(READABLE);
				return objects.readObject();
			}
			catch (ClassNotFoundException ex) {
				throw new IOException("A session attribute's class is unknown", ex);
			}
		}

		@Override
		protected @Nullable MongoSession convert(Document stored) {
			try {
				return super.convert(stored);
			}
			catch (RuntimeException ex) {
				if (MongoAway.in(ex)) {
					throw ex;
				}
				// Neither the id (a bearer secret) nor the message (it may name a
				// value) is logged.
				logger.warn("A console session could not be read back ({}); its organiser logs in again",
						Failures.classes(ex));
				return null;
			}
		}

		@Override
		protected @Nullable String extractPrincipal(MongoSession session) {
			return null;
		}

	}

}
