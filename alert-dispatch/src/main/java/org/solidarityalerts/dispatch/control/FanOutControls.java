package org.solidarityalerts.dispatch.control;

import java.time.Clock;

import org.bson.Document;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.DeliveryEvent.ControlAction;
import org.solidarityalerts.contract.DeliveryEvent.FanOutControlled;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Whether operators paused or cancelled the fan-out of an alert version. A cancellation
 * is final: a later resume does not undo it. Read fresh for every batch, so a pause holds
 * the next batch ({@link HeldBatches}).
 */
@Component
public class FanOutControls {

	static final String COLLECTION = "fanout_controls";

	private final MongoTemplate mongo;

	private final Clock clock;

	FanOutControls(MongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
	}

	/**
	 * Records an operator's action; recording the same event again changes nothing.
	 * @param event the action
	 */
	void record(FanOutControlled event) {
		Update update = new Update().set("alertId", event.alertVersion().alertId().toString())
			.set("version", event.alertVersion().version())
			.set("lastEventId", event.eventId().toString())
			.set("lastOperator", event.operator())
			.set("updatedAt", this.clock.instant());
		if (event.action() == ControlAction.CANCELLED) {
			update.set("cancelled", true).set("paused", false);
		}
		else {
			update.set("paused", event.action() == ControlAction.PAUSED);
		}
		this.mongo.upsert(Query.query(Criteria.where("_id").is(event.alertVersion().key())), update, COLLECTION);
	}

	/**
	 * What operators decided for an alert version's fan-out.
	 * @param version the alert version
	 * @return its control, which lets it flow if no operator acted
	 */
	public Control of(AlertVersion version) {
		Document control = this.mongo.findById(version.key(), Document.class, COLLECTION);
		if (control == null) {
			return new Control(false, false);
		}
		return new Control(control.getBoolean("paused", false), control.getBoolean("cancelled", false));
	}

	/**
	 * An operator's decision about a fan-out.
	 *
	 * @param paused whether its batches are held for later
	 * @param cancelled whether its batches are skipped
	 */
	public record Control(boolean paused, boolean cancelled) {

		/** The reason recorded for deliveries skipped because of a cancellation. */
		public static final String CANCELLED_REASON = "cancelled by an operator";

	}

}
