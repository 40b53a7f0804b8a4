package org.solidarityalerts.contract;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import org.jspecify.annotations.Nullable;

/**
 * The events of a fan-out: work handed to senders, and what became of each delivery. They
 * carry subscriber ids, never addresses.
 */
public sealed interface DeliveryEvent extends ContractEvent {

	/**
	 * The alert version the event belongs to.
	 * @return alert id and version
	 */
	AlertVersion alertVersion();

	/**
	 * The alert the event concerns.
	 * @return its id
	 */
	@JsonIgnore
	default AlertId alertId() {
		return alertVersion().alertId();
	}

	@Override
	@JsonIgnore
	default String subject() {
		return alertId().toString();
	}

	@Override
	@JsonIgnore
	default String type() {
		return ContractEvent.super.type();
	}

	/**
	 * A batch of recipients for one alert version, for any dispatch instance to send.
	 *
	 * @param eventId this event
	 * @param schemaVersion the body's schema version
	 * @param occurredAt when the batch was formed
	 * @param alertVersion what to send
	 * @param batch the batch's number within the fan-out, from 0
	 * @param subscribers who to send it to
	 * @param attempt 1 for the first attempt, more for retries of deferred recipients
	 * @param notBefore the earliest time to attempt it, for retries with backoff
	 * @param redrive whether an operator re-drove it from a dead-letter topic: only then
	 * are deliveries that were dead-lettered (including those in doubt after a crash)
	 * sent again
	 */
	@JsonTypeName("delivery.batch-requested")
	record DeliveryBatchRequested(EventId eventId, int schemaVersion, Instant occurredAt, AlertVersion alertVersion,
			int batch, List<SubscriberId> subscribers, int attempt, @Nullable Instant notBefore,
			boolean redrive) implements DeliveryEvent {

		public DeliveryBatchRequested {
			subscribers = List.copyOf(subscribers);
		}

		/**
		 * The same recipients' next attempt.
		 * @param recipients who to try again
		 * @param nextAttempt the attempt number
		 * @param at when it was formed
		 * @param notBefore the earliest time to try
		 * @return the retry batch
		 */
		public DeliveryBatchRequested retry(List<SubscriberId> recipients, int nextAttempt, Instant at,
				Instant notBefore) {
			return new DeliveryBatchRequested(EventId.random(), SCHEMA_VERSION, at, this.alertVersion, this.batch,
					recipients, nextAttempt, notBefore, false);
		}

		/**
		 * Recipients of this batch set aside for an operator, as the record on the
		 * dead-letter topic gives them. Its id is the same each time the same recipients
		 * of this event are set aside for the same reason, so that a dead letter written
		 * again (the batch read again after a failure between writing it and noting that
		 * it is written, or by two instances at once) is recognised as the same one.
		 * @param recipients who is set aside
		 * @param at when
		 * @param reason why
		 * @return the batch as the dead letter carries it, for this attempt
		 */
		public DeliveryBatchRequested parked(List<SubscriberId> recipients, Instant at, String reason) {
			StringBuilder name = new StringBuilder("parked/").append(reason);
			recipients.stream().map(SubscriberId::toString).sorted().forEach((id) -> name.append('/').append(id));
			return new DeliveryBatchRequested(this.eventId.named(name.toString()), SCHEMA_VERSION, at,
					this.alertVersion, this.batch, recipients, this.attempt, at, false);
		}

	}

	/**
	 * The audience of an alert version is known: how many subscribers it goes to.
	 *
	 * @param eventId this event
	 * @param schemaVersion the body's schema version
	 * @param occurredAt when the audience stage finished
	 * @param alertVersion the alert version
	 * @param audience the number of matching subscribers
	 * @param batches the number of batches handed to senders
	 */
	@JsonTypeName("fanout.audience-resolved")
	record AudienceResolved(EventId eventId, int schemaVersion, Instant occurredAt, AlertVersion alertVersion,
			long audience, int batches) implements DeliveryEvent {
	}

	/**
	 * What happened to one delivery.
	 *
	 * @param eventId this event
	 * @param schemaVersion the body's schema version
	 * @param occurredAt when it happened
	 * @param alertVersion the alert version
	 * @param subscriber the recipient's id
	 * @param status the outcome
	 * @param attempt which attempt this was
	 * @param detail the SMTP reply code and text, or why it was skipped; never an address
	 */
	@JsonTypeName("delivery.recorded")
	record DeliveryRecorded(EventId eventId, int schemaVersion, Instant occurredAt, AlertVersion alertVersion,
			SubscriberId subscriber, DeliveryStatus status, int attempt,
			@Nullable String detail) implements DeliveryEvent {
	}

	/**
	 * What happened to the deliveries of one batch (or of part of a large one): the same
	 * facts as a {@link DeliveryRecorded} each, in one record, so that a fan-out writes a
	 * record per batch instead of one per message. A consumer reads each entry as the
	 * {@link DeliveryRecorded} that {@link #each()} gives, whose event id is derived from
	 * this event's id and the entry's place, so reading the record again gives the same
	 * ids.
	 *
	 * @param eventId this event
	 * @param schemaVersion the body's schema version
	 * @param occurredAt when the batch's outcomes were recorded
	 * @param alertVersion the alert version
	 * @param attempt which attempt of the batch this was
	 * @param deliveries each delivery's outcome, at most one per subscriber
	 */
	@JsonTypeName("delivery.batch-recorded")
	record DeliveriesRecorded(EventId eventId, int schemaVersion, Instant occurredAt, AlertVersion alertVersion,
			int attempt, List<Outcome> deliveries) implements DeliveryEvent {

		public DeliveriesRecorded {
			deliveries = List.copyOf(deliveries);
		}

		/**
		 * Each delivery's outcome as an event of its own.
		 * @return one {@link DeliveryRecorded} per entry, in order
		 */
		public List<DeliveryRecorded> each() {
			List<DeliveryRecorded> each = new ArrayList<>(this.deliveries.size());
			for (int i = 0; i < this.deliveries.size(); i++) {
				Outcome outcome = this.deliveries.get(i);
				each.add(new DeliveryRecorded(this.eventId.part(i), this.schemaVersion, this.occurredAt,
						this.alertVersion, outcome.subscriber(), outcome.status(), this.attempt, outcome.detail()));
			}
			return each;
		}

		/**
		 * One delivery's outcome.
		 *
		 * @param subscriber the recipient's id
		 * @param status the outcome
		 * @param detail the SMTP reply code and text, or why it was skipped; never an
		 * address
		 */
		public record Outcome(SubscriberId subscriber, DeliveryStatus status, @Nullable String detail) {
		}

	}

	/**
	 * An operator paused, resumed or cancelled the fan-out of an alert version from the
	 * dashboard. While it is paused, dispatch puts its batches back on the retry topic
	 * for later; once it is cancelled, dispatch skips them.
	 *
	 * @param eventId this event
	 * @param schemaVersion the body's schema version
	 * @param occurredAt when the operator acted
	 * @param alertVersion the fan-out acted on
	 * @param action paused, resumed or cancelled
	 * @param operator the operator's login name, never an e-mail address
	 */
	@JsonTypeName("fanout.controlled")
	record FanOutControlled(EventId eventId, int schemaVersion, Instant occurredAt, AlertVersion alertVersion,
			ControlAction action, String operator) implements DeliveryEvent {
	}

	/**
	 * Readers said they took an action of an alert (the "I did this" link of its e-mail):
	 * the action's total so far, counted once per reader. It names no reader, and it is
	 * published again with each new report, so a consumer keeps the largest total it saw.
	 *
	 * @param eventId this event
	 * @param schemaVersion the body's schema version
	 * @param occurredAt when the latest report was counted
	 * @param alertVersion the alert, and the version whose e-mail carried the link
	 * @param action the action's index in the alert's actions, from 0
	 * @param kind the action's kind, its type id: {@code write}, {@code attend},
	 * {@code embassy-protest}, ...
	 * @param total how many readers reported it so far
	 */
	@JsonTypeName("actions.reported")
	record ActionsReported(EventId eventId, int schemaVersion, Instant occurredAt, AlertVersion alertVersion,
			int action, String kind, long total) implements DeliveryEvent {
	}

	/**
	 * What an operator did to a fan-out.
	 */
	enum ControlAction {

		/** Hold the remaining batches until resumed. */
		@JsonProperty("paused")
		PAUSED,

		/** Let held batches flow again. */
		@JsonProperty("resumed")
		RESUMED,

		/** Send nothing more of this version. */
		@JsonProperty("cancelled")
		CANCELLED

	}

}
