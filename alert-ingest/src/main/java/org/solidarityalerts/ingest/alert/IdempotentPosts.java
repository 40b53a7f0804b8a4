package org.solidarityalerts.ingest.alert;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.apache.commons.codec.digest.DigestUtils;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.ingest.IngestProperties;
import org.solidarityalerts.ingest.alert.InvalidAlertException.FieldProblem;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Makes POSTs with an {@code Idempotency-Key} safe to retry, after the IETF draft "The
 * Idempotency-Key HTTP Header Field": the same key with the same body returns the first
 * response; the same key with another body is refused (422); a retry while the first
 * request is still being processed is refused (409). Concurrent requests race to insert
 * one document with a unique id, a single-document atomic write, so exactly one creates
 * the alert. The alert's id is reserved with the key, so a retry after a crash finds the
 * alert if it was stored, instead of storing a second.
 */
@Component
class IdempotentPosts {

	/** The header's name. */
	static final String HEADER = "Idempotency-Key";

	private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

	private final MongoTemplate mongo;

	private final JsonMapper canonical;

	private final IngestProperties properties;

	private final Clock clock;

	IdempotentPosts(MongoTemplate mongo, JsonMapper jsonMapper, IngestProperties properties, Clock clock) {
		this.mongo = mongo;
		this.canonical = jsonMapper.rebuild().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Runs a post once per organisation and key.
	 * @param organisation the caller's organisation
	 * @param key the {@code Idempotency-Key}
	 * @param request the request body
	 * @param create stores the alert under the given id and returns the response
	 * @param recover the response for an alert that a crashed request stored, if it was
	 * stored
	 * @return the response to send
	 */
	Response once(String organisation, String key, Object request, Function<AlertId, Response> create,
			Function<AlertId, java.util.Optional<Response>> recover) {
		if (!KEY.matcher(key).matches()) {
			throw new InvalidAlertException(List.of(new FieldProblem(HEADER,
					"must be 1 to 255 visible ASCII characters, such as a UUID; got " + key.length() + " characters")));
		}
		String id = recordId(organisation, key);
		String requestHash = requestHash(request);
		for (int attempt = 0; attempt < 3; attempt++) {
			Instant now = this.clock.instant();
			AlertId alertId = AlertId.random();
			try {
				this.mongo.insert(new IdempotencyRecord(id, organisation, requestHash, alertId.toString(),
						now.plus(this.properties.idempotency().lease()), null, null, null, now,
						now.plus(this.properties.idempotency().retention())));
				return run(id, alertId, create);
			}
			catch (DuplicateKeyException ex) {
				IdempotencyRecord existing = this.mongo.findById(id, IdempotencyRecord.class);
				if (existing == null) {
					continue;
				}
				if (!existing.requestHash().equals(requestHash)) {
					throw new IdempotencyKeyReusedException(key);
				}
				if (existing.completed()) {
					return new Response(existing.status(), existing.location(), existing.body(), true);
				}
				if (existing.lockedUntil() != null && existing.lockedUntil().isAfter(now)) {
					throw new IdempotentRequestInProgressException(key);
				}
				Query abandoned = Query.query(Criteria.where("_id")
					.is(id)
					.and("status")
					.isNull()
					.and("lockedUntil")
					.is(existing.lockedUntil()));
				if (this.mongo
					.updateFirst(abandoned,
							Update.update("lockedUntil", now.plus(this.properties.idempotency().lease())),
							IdempotencyRecord.class)
					.getModifiedCount() != 1) {
					throw new IdempotentRequestInProgressException(key);
				}
				AlertId reserved = AlertId.parse(existing.alertId());
				java.util.Optional<Response> stored = recover.apply(reserved);
				if (stored.isPresent()) {
					complete(id, stored.get());
					return stored.get();
				}
				return run(id, reserved, create);
			}
		}
		throw new IdempotentRequestInProgressException(key);
	}

	static String recordId(String organisation, String key) {
		return DigestUtils.sha256Hex(organisation + "\n" + key);
	}

	String requestHash(Object request) {
		return DigestUtils.sha256Hex(this.canonical.writeValueAsString(request));
	}

	private Response run(String id, AlertId alertId, Function<AlertId, Response> create) {
		Response response;
		try {
			response = create.apply(alertId);
		}
		catch (RuntimeException ex) {
			// Nothing was stored: forget the key, so that a corrected request may use it.
			this.mongo.remove(Query.query(Criteria.where("_id").is(id).and("status").isNull()),
					IdempotencyRecord.class);
			throw ex;
		}
		complete(id, response);
		return response;
	}

	private void complete(String id, Response response) {
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(id)),
				new Update().set("status", response.status())
					.set("location", response.location())
					.set("body", response.body())
					.unset("lockedUntil"),
				IdempotencyRecord.class);
	}

	/**
	 * A response to send, and to send again to a retry.
	 *
	 * @param status its status code
	 * @param location its {@code Location} header
	 * @param body its body, JSON
	 * @param replayed whether it is the stored response of an earlier request
	 */
	record Response(int status, String location, String body, boolean replayed) {
	}

}
