package org.solidarityalerts.dispatch.privacy;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.acted.ActionReports;
import org.solidarityalerts.dispatch.preferences.SubscriptionChanges;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SuppressionList;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * A subscriber's rights over their data, through the signed link of their preferences
 * page: a copy of everything held about them, and erasure.
 */
@Component
class DataRights {

	/**
	 * The delivery ledger, read (never written) for a subscriber's export; its documents
	 * carry the subscriber's id as {@code subscriberId}.
	 */
	static final String DELIVERIES = "deliveries";

	private final MongoTemplate mongo;

	private final SubscriptionChanges subscriptions;

	private final SuppressionList suppressions;

	private final ActionReports actionReports;

	DataRights(MongoTemplate mongo, SubscriptionChanges subscriptions, SuppressionList suppressions,
			ActionReports actionReports) {
		this.mongo = mongo;
		this.actionReports = actionReports;
		this.subscriptions = subscriptions;
		this.suppressions = suppressions;
		mongo.indexOps(DELIVERIES).createIndex(new Index().on("subscriberId", Sort.Direction.ASC));
	}

	/**
	 * Everything held about the subscriber a preferences link stands for, with the
	 * records of every alert e-mail sent or tried and the actions they said they took.
	 * @param token the link's token
	 * @return their data, if the link is genuine and unexpired and they still exist
	 */
	Optional<SubscriberData> export(String token) {
		return this.subscriptions.subscriber(token).map((subscriber) -> {
			Query query = Query.query(Criteria.where("subscriberId").is(subscriber.id()))
				.with(Sort.by("claimedAt", "_id"));
			List<SubscriberData.Delivery> deliveries = this.mongo.find(query, Document.class, DELIVERIES)
				.stream()
				.map(DataRights::delivery)
				.toList();
			return SubscriberData.of(subscriber, deliveries,
					this.actionReports.of(SubscriberId.parse(subscriber.id())));
		});
	}

	private static SubscriberData.Delivery delivery(Document record) {
		return new SubscriberData.Delivery(record.getString("alertId"), record.getInteger("version", 0),
				record.getString("status"), record.getString("detail"), record.getInteger("attempts", 1),
				instant(record.get("claimedAt")), instant(record.get("updatedAt")));
	}

	private static @Nullable Instant instant(@Nullable Object value) {
		return switch (value) {
			case Date date -> date.toInstant();
			case Instant instant -> instant;
			case null, default -> null;
		};
	}

	/**
	 * Erases a subscriber: their document is deleted, and only a keyed hash of their
	 * address stays, in the suppression list, so that no import adds them again. Their
	 * reports of actions taken go too; the actions' totals, which name no one, stay.
	 * @param token the preferences link's token
	 * @return whether there was someone to erase
	 */
	boolean erase(String token) {
		return this.subscriptions.subscriber(token).map((subscriber) -> {
			this.suppressions.suppress(subscriber.email(), "erased");
			this.actionReports.erase(SubscriberId.parse(subscriber.id()));
			this.mongo.remove(Query.query(Criteria.where("_id").is(subscriber.id())), Subscriber.class);
			return true;
		}).orElse(false);
	}

}
