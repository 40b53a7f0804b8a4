package org.solidarityalerts.service;

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
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Forgets what the service no longer needs (its {@link Policy}, a service's retention
 * properties): a TTL index on each collection's date field lets MongoDB expire documents,
 * and a purge every {@link Policy#purgeInterval()} deletes the expired ones itself, for
 * servers that ignore TTL indexes and for the time before an index is built. A service
 * imports it ({@code @Import}) beside its one {@link Policy} bean.
 */
@Component
public class Retention implements SmartInitializingSingleton, SchedulingConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(Retention.class);

	private final MongoTemplate mongo;

	private final List<Rule> rules;

	private final Duration purgeInterval;

	private final Clock clock;

	public Retention(MongoTemplate mongo, Policy policy, Clock clock) {
		this.mongo = mongo;
		this.rules = policy.rules();
		this.purgeInterval = policy.purgeInterval();
		this.clock = clock;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (Rule rule : this.rules) {
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

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(new FixedDelayTask(this::purge, this.purgeInterval, this.purgeInterval));
	}

	/**
	 * Deletes every document past its rule's age.
	 * @return how many were deleted
	 */
	public long purge() {
		Instant now = this.clock.instant();
		long deleted = 0;
		for (Rule rule : this.rules) {
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

	/**
	 * What a service keeps, and how often the expired is purged.
	 */
	public interface Policy {

		/**
		 * The collections and the date each document is aged by.
		 * @return the rules
		 */
		List<Rule> rules();

		/**
		 * How often expired documents are deleted.
		 * @return the interval between purges
		 */
		Duration purgeInterval();

	}

	/**
	 * One collection's retention.
	 *
	 * @param collection the collection
	 * @param field the date a document is aged by
	 * @param keep how long it is kept
	 */
	public record Rule(String collection, String field, Duration keep) {
	}

}
