package org.solidarityalerts.dispatch.alert;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.WireFormat;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Every alert version dispatch received, by alert version. Storing is idempotent: a
 * redelivered event changes nothing. Versions never change once stored, so reads are
 * cached.
 */
@Component
public class ReceivedAlerts {

	static final String COLLECTION = "alert_versions";

	static final String STATES = "alert_states";

	private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

	private final MongoTemplate mongo;

	private final Clock clock;

	private final ConcurrentMap<AlertVersion, AlertEvent> cache = new ConcurrentHashMap<>();

	ReceivedAlerts(MongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
	}

	/**
	 * Stores an alert event's version, unless it is already stored.
	 * @param event the event
	 */
	public void store(AlertEvent event) {
		AlertVersion version = event.alertVersion();
		Update update = new Update().setOnInsert("alertId", version.alertId().toString())
			.setOnInsert("version", version.version())
			.setOnInsert("eventId", event.eventId().toString())
			.setOnInsert("type", event.type())
			.setOnInsert("receivedAt", this.clock.instant())
			.setOnInsert("event", Document.parse(WireFormat.jsonMapper().writeValueAsString(event)));
		this.mongo.upsert(Query.query(Criteria.where("_id").is(version.key())), update, COLLECTION);
		Update state = new Update().max("latestVersion", version.version())
			.setOnInsert("firstReceivedAt", this.clock.instant());
		if (event instanceof AlertEvent.AlertCancelled) {
			state.set("cancelled", true).max("cancelledVersion", version.version());
		}
		this.mongo.upsert(Query.query(Criteria.where("_id").is(version.alertId().toString())), state, STATES);
	}

	/**
	 * Where an alert stands now: its latest version, and whether it was cancelled. Read
	 * fresh on every call, so a cancellation stops the next batch.
	 * @param alertId the alert
	 * @return its state, or a state with no version if dispatch never received it
	 */
	public AlertState state(AlertId alertId) {
		Document state = this.mongo.findById(alertId.toString(), Document.class, STATES);
		if (state == null) {
			return new AlertState(0, false);
		}
		return new AlertState(state.getInteger("latestVersion", 0), state.getBoolean("cancelled", false));
	}

	/**
	 * An alert's state in dispatch.
	 *
	 * @param latestVersion the highest version received
	 * @param cancelled whether it was cancelled
	 */
	public record AlertState(int latestVersion, boolean cancelled) {
	}

	/**
	 * Finds a stored alert version.
	 * @param version the alert version
	 * @return its event, or empty if dispatch never received it
	 */
	public Optional<AlertEvent> find(AlertVersion version) {
		AlertEvent cached = this.cache.get(version);
		if (cached != null) {
			return Optional.of(cached);
		}
		Document stored = this.mongo.findById(version.key(), Document.class, COLLECTION);
		if (stored == null) {
			return Optional.empty();
		}
		AlertEvent event = WireFormat.jsonMapper()
			.readValue(stored.get("event", Document.class).toJson(RELAXED), AlertEvent.class);
		this.cache.put(version, event);
		return Optional.of(event);
	}

}
