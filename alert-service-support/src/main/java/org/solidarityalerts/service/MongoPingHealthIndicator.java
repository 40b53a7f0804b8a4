package org.solidarityalerts.service;

import org.bson.Document;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * MongoDB's health, by a {@code ping} to the service's database. It replaces Boot's
 * indicator (named alike), which sends {@code hello}: the in-process server of the local
 * stack refuses that command, so the service's health was DOWN there while it worked. A
 * service imports it ({@code @Import}).
 */
@Component("mongoHealthIndicator")
public class MongoPingHealthIndicator extends AbstractHealthIndicator {

	private final MongoTemplate mongo;

	public MongoPingHealthIndicator(MongoTemplate mongo) {
		super("MongoDB health check failed");
		this.mongo = mongo;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Document answer = this.mongo.executeCommand(new Document("ping", 1));
		builder.up().withDetail("database", this.mongo.getDb().getName()).withDetail("ping", answer.get("ok"));
	}

}
