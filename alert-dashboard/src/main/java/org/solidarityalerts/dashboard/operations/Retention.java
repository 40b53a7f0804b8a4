package org.solidarityalerts.dashboard.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets what the service no longer needs ({@link RetentionProperties}): a TTL index on
 * each collection's date field lets MongoDB expire documents, and a purge every
 * {@code purge-interval} deletes the expired ones itself, for servers that ignore TTL
 * indexes and for the time before an index is built.
 */
@Component
class Retention implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(Retention.class);

	private final MongoTemplate mongo;

	private final List<RetentionProperties.Rule> rules;

	private final Clock clock;

	Retention(MongoTemplate mongo, RetentionProperties properties, Clock clock) {
		this.mongo = mongo;
		this.rules = properties.rules();
		this.clock = clock;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (RetentionProperties.Rule rule : this.rules) {
			try {
				this.mongo.indexOps(rule.collection())
					.createIndex(new Index().on(rule.field(), Sort.Direction.ASC)
						.named("ttl_" + rule.field())
						.expire(rule.keep().toSeconds(), TimeUnit.SECONDS));
			}
			catch (RuntimeException ex) {
				// An index of another expiry (the setting changed) is changed in place.
				try {
					this.mongo.executeCommand(new Document("collMod", rule.collection()).append("index",
							new Document("name", "ttl_" + rule.field()).append("expireAfterSeconds",
									rule.keep().toSeconds())));
				}
				catch (RuntimeException again) {
					logger.warn("No TTL index on {}.{} ({}); the scheduled purge expires its documents",
							rule.collection(), rule.field(), again.getMessage());
				}
			}
		}
	}

	/**
	 * Deletes every document past its rule's age.
	 * @return how many were deleted
	 */
	@Scheduled(initialDelayString = "${alert.dashboard.retention.purge-interval:1h}",
			fixedDelayString = "${alert.dashboard.retention.purge-interval:1h}")
	long purge() {
		Instant now = this.clock.instant();
		long deleted = 0;
		for (RetentionProperties.Rule rule : this.rules) {
			Date before = Date.from(now.minus(rule.keep()));
			try {
				long count = this.mongo.remove(Query.query(Criteria.where(rule.field()).lt(before)), rule.collection())
					.getDeletedCount();
				if (count > 0) {
					logger.info("Retention: deleted {} document(s) of {} older than {}", count, rule.collection(),
							rule.keep());
				}
				deleted += count;
			}
			catch (RuntimeException ex) {
				logger.warn("Retention: could not purge {}; will try again", rule.collection(), ex);
			}
		}
		return deleted;
	}

}
