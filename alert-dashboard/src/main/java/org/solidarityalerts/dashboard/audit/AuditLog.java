package org.solidarityalerts.dashboard.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Every operator action, kept in MongoDB: who, what, on what, when, and how it ended.
 */
@Component
public class AuditLog {

	static final String COLLECTION = "dashboard_audit";

	private final MongoTemplate mongo;

	private final Clock clock;

	AuditLog(MongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
	}

	/**
	 * Writes one action to the log.
	 * @param operator who acted
	 * @param action what they did, e.g. {@code fanout.paused}
	 * @param subject what they acted on, e.g. an alert version or a dead letter
	 * @param outcome how it ended, e.g. {@code done} or why it was refused
	 */
	public void record(String operator, String action, String subject, String outcome) {
		this.mongo.insert(new AuditEntry(null, this.clock.instant(), operator, action, subject, outcome), COLLECTION);
	}

	/**
	 * The latest entries, newest first.
	 * @param limit how many
	 * @return the entries
	 */
	public List<AuditEntry> latest(int limit) {
		return this.mongo.find(new Query().with(Sort.by(Sort.Direction.DESC, "at")).limit(limit), AuditEntry.class,
				COLLECTION);
	}

	/**
	 * One action in the audit log.
	 *
	 * @param id the entry's id
	 * @param at when it happened
	 * @param operator who acted
	 * @param action what they did
	 * @param subject what they acted on
	 * @param outcome how it ended
	 */
	public record AuditEntry(@org.jspecify.annotations.Nullable String id, Instant at, String operator, String action,
			String subject, String outcome) {
	}

}
