package org.solidarityalerts.ingest.console;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The console's audit log: who did what, for which organisation and alert, when. The
 * organisation's users read it on the Activity page; targeted organisations need to see a
 * login or a change they did not make.
 */
@Component
class ConsoleAudit {

	private final MongoTemplate mongo;

	private final Clock clock;

	ConsoleAudit(MongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
	}

	void record(String organisation, String actor, String action, @Nullable String alertId, @Nullable String detail) {
		this.mongo.insert(new AuditEntry(UUID.randomUUID().toString(), organisation, actor, action, alertId, detail,
				this.clock.instant()));
	}

	void record(ConsolePrincipal user, String action, @Nullable String alertId, @Nullable String detail) {
		record(user.organisation(), user.getUsername(), action, alertId, detail);
	}

	List<AuditEntry> latest(String organisation, int count) {
		return this.mongo.find(Query.query(Criteria.where("organisation").is(organisation))
			.with(Sort.by(Sort.Order.desc("at"), Sort.Order.desc("_id")))
			.limit(count), AuditEntry.class);
	}

}
