package org.solidarityalerts.ingest.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.ingest.webhook.WebhookDelivery.Status;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The endpoints and the deliveries' queue. Every write touches one document, so no
 * transaction is needed: a sender claims a delivery with a lease, and records each
 * attempt only while it holds that lease.
 */
@Component
class WebhookStore {

	private final MongoTemplate mongo;

	WebhookStore(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	void register(WebhookEndpoint endpoint) {
		this.mongo.insert(endpoint);
	}

	List<WebhookEndpoint> endpoints(String organisation) {
		return this.mongo.find(Query.query(Criteria.where("organisation").is(organisation))
			.with(Sort.by(Sort.Order.asc("createdAt"), Sort.Order.asc("_id"))), WebhookEndpoint.class);
	}

	Optional<WebhookEndpoint> endpoint(String id) {
		return Optional.ofNullable(this.mongo.findById(id, WebhookEndpoint.class));
	}

	Optional<WebhookEndpoint> endpoint(String organisation, String id) {
		return endpoint(id).filter((endpoint) -> endpoint.organisation().equals(organisation));
	}

	long count(String organisation) {
		return this.mongo.count(Query.query(Criteria.where("organisation").is(organisation)), WebhookEndpoint.class);
	}

	/**
	 * Removes an endpoint; its pending deliveries are given up.
	 * @param organisation the caller's organisation
	 * @param id the endpoint
	 * @return whether the organisation had it
	 */
	boolean remove(String organisation, String id) {
		boolean removed = this.mongo
			.remove(Query.query(Criteria.where("_id").is(id).and("organisation").is(organisation)),
					WebhookEndpoint.class)
			.getDeletedCount() == 1;
		if (removed) {
			this.mongo.updateMulti(Query.query(Criteria.where("endpointId").is(id).and("status").is(Status.PENDING)),
					new Update().set("status", Status.FAILED)
						.set("lastError", "The endpoint was removed")
						.unset("nextAttemptAt"),
					WebhookDelivery.class);
		}
		return removed;
	}

	/**
	 * Queues a delivery, unless it is queued already (an event published twice).
	 * @param delivery the delivery
	 * @return whether it was new
	 */
	boolean enqueue(WebhookDelivery delivery) {
		try {
			this.mongo.insert(delivery);
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * Claims the delivery that has been due longest, for the length of a lease.
	 * @param now the current time
	 * @param lease how long the claim lasts
	 * @return the claimed delivery, with its lease token, or empty if none is due
	 */
	Optional<WebhookDelivery> claimDue(Instant now, Duration lease) {
		Query due = Query
			.query(Criteria.where("status")
				.is(Status.PENDING)
				.and("nextAttemptAt")
				.lte(now)
				.orOperator(Criteria.where("leaseUntil").isNull(), Criteria.where("leaseUntil").lt(now)))
			.with(Sort.by("nextAttemptAt"))
			.limit(1);
		return Optional.ofNullable(this.mongo.findAndModify(due,
				new Update().set("leaseUntil", now.plus(lease)).set("leaseToken", UUID.randomUUID().toString()),
				FindAndModifyOptions.options().returnNew(true), WebhookDelivery.class));
	}

	/**
	 * Records that the endpoint accepted a claimed delivery.
	 * @param claimed the delivery as claimed
	 * @param at when
	 * @param status the HTTP status it answered
	 */
	void delivered(WebhookDelivery claimed, Instant at, int status) {
		this.mongo.updateFirst(held(claimed),
				released().set("status", Status.DELIVERED)
					.set("attempts", claimed.attempts() + 1)
					.set("lastAttemptAt", at)
					.set("lastStatus", status)
					.set("deliveredAt", at)
					.unset("nextAttemptAt"),
				WebhookDelivery.class);
	}

	/**
	 * Records a failed attempt of a claimed delivery.
	 * @param claimed the delivery as claimed
	 * @param at when
	 * @param status the HTTP status it answered, or null if there was no answer
	 * @param error why it failed
	 * @param retryAt when to try again, or null to give up
	 */
	void failed(WebhookDelivery claimed, Instant at, @Nullable Integer status, String error,
			@Nullable Instant retryAt) {
		Update update = released().set("attempts", claimed.attempts() + 1)
			.set("lastAttemptAt", at)
			.set("lastError", error);
		update = (status != null) ? update.set("lastStatus", status) : update.unset("lastStatus");
		update = (retryAt != null) ? update.set("nextAttemptAt", retryAt)
				: update.set("status", Status.FAILED).unset("nextAttemptAt");
		this.mongo.updateFirst(held(claimed), update, WebhookDelivery.class);
	}

	/**
	 * An endpoint's latest deliveries, newest first.
	 * @param endpointId the endpoint
	 * @param limit at most this many
	 * @return the deliveries
	 */
	List<WebhookDelivery> recent(String endpointId, int limit) {
		return this.mongo.find(Query.query(Criteria.where("endpointId").is(endpointId))
			.with(Sort.by(Sort.Order.desc("createdAt"), Sort.Order.asc("_id")))
			.limit(limit), WebhookDelivery.class);
	}

	private static Query held(WebhookDelivery claimed) {
		return Query.query(Criteria.where("_id").is(claimed.id()).and("leaseToken").is(claimed.leaseToken()));
	}

	private static Update released() {
		return new Update().unset("leaseUntil").unset("leaseToken");
	}

}
