package org.solidarityalerts.dispatch.preferences;

import java.util.List;
import java.util.Optional;

import org.solidarityalerts.dispatch.links.SubscriberTokens;
import org.solidarityalerts.dispatch.links.SubscriberTokens.Purpose;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.dispatch.subscription.Profile;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Changing one's preferences and leaving, each authorised by the signed token of a link
 * and done in one atomic write to the subscriber's document.
 */
@Component
public class SubscriptionChanges {

	private final MongoTemplate mongo;

	private final SubscriberTokens tokens;

	SubscriptionChanges(MongoTemplate mongo, SubscriberTokens tokens) {
		this.mongo = mongo;
		this.tokens = tokens;
	}

	/**
	 * The subscriber a preferences link stands for.
	 * @param token the link's token
	 * @return the subscriber, if the link is genuine and unexpired and they still exist
	 */
	public Optional<Subscriber> subscriber(String token) {
		return this.tokens.verify(Purpose.PREFERENCES, token)
			.map((id) -> this.mongo.findById(id.toString(), Subscriber.class));
	}

	/**
	 * Replaces a subscriber's profile and preferences; the next alert uses them.
	 * @param token the preferences link's token
	 * @param profile the checked profile
	 * @return whether the link was genuine and the subscriber exists
	 */
	boolean update(String token, Profile profile) {
		return this.tokens.verify(Purpose.PREFERENCES, token)
			.map((id) -> this.mongo
				.updateFirst(Query.query(Criteria.where("_id").is(id.toString())), profile.asUpdate(), Subscriber.class)
				.getMatchedCount() == 1)
			.orElse(false);
	}

	/**
	 * Unsubscribes at once. A suppressed subscriber stays suppressed.
	 * @param token the unsubscribe link's token
	 * @return whether the link was genuine and unexpired
	 */
	boolean unsubscribe(String token) {
		return this.tokens.verify(Purpose.UNSUBSCRIBE, token).map((id) -> {
			this.mongo.updateFirst(
					Query.query(Criteria.where("_id")
						.is(id.toString())
						.and("status")
						.in(SubscriberStatus.PENDING.name(), SubscriberStatus.CONFIRMED.name())),
					Update.update("status", SubscriberStatus.UNSUBSCRIBED.name()).unset("confirmationNonce"),
					Subscriber.class);
			return true;
		}).orElse(false);
	}

	/**
	 * The languages of the subscriber an unsubscribe link stands for, so that its page
	 * speaks theirs.
	 * @param token the link's token
	 * @return their languages, best first, or none if the link stands for nobody
	 */
	List<String> unsubscribingLanguages(String token) {
		return this.tokens.verify(Purpose.UNSUBSCRIBE, token)
			.map((id) -> this.mongo.findById(id.toString(), Subscriber.class))
			.map(Subscriber::languages)
			.orElse(List.of());
	}

	/**
	 * Whether an unsubscribe link is genuine and unexpired.
	 * @param token the link's token
	 * @return true if it is
	 */
	boolean canUnsubscribe(String token) {
		return this.tokens.verify(Purpose.UNSUBSCRIBE, token).isPresent();
	}

}
