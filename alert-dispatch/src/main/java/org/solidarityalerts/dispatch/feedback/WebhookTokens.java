package org.solidarityalerts.dispatch.feedback;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * The webhook tokens already seen, so that a signed request replayed, to this instance or
 * another, is refused. Each is kept in {@code feedback_webhook_tokens} under a unique id
 * until a TTL index removes it, after the signature's timestamp would be refused anyway.
 */
@Component
class WebhookTokens {

	private static final Logger logger = LoggerFactory.getLogger(WebhookTokens.class);

	static final String COLLECTION = "feedback_webhook_tokens";

	private final MongoTemplate mongo;

	private final Clock clock;

	WebhookTokens(MongoTemplate mongo, FeedbackProperties properties, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
		try {
			mongo.indexOps(COLLECTION)
				.createIndex(new Index().on("seenAt", Sort.Direction.ASC)
					.expire(properties.mailgun().maxAge().multipliedBy(2).plus(Duration.ofMinutes(1))));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not create the TTL index of {}: {}", COLLECTION, ex.getMessage());
		}
	}

	/**
	 * Notes a token as used.
	 * @param provider whose token it is
	 * @param token the token
	 * @return true the first time, false for a replay
	 */
	boolean firstUse(String provider, String token) {
		try {
			this.mongo.insert(
					new Document("_id", provider + ":" + token).append("seenAt", Date.from(this.clock.instant())),
					COLLECTION);
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

}
