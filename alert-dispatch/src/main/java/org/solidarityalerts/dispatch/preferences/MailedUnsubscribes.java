package org.solidarityalerts.dispatch.preferences;

import java.util.Optional;

import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.links.SubscriberTokens.Purpose;
import org.solidarityalerts.dispatch.links.SubscriberTokens;

import org.springframework.stereotype.Component;

/**
 * The unsubscribe token of every e-mail, for what arrives by mail rather than through the
 * link: an unsubscribe sent to the {@code mailto:} of List-Unsubscribe, and a complaint
 * whose report quotes the message's headers. The token, not any id in the mail, says who
 * it is about.
 */
@Component
public class MailedUnsubscribes {

	private final SubscriberTokens tokens;

	private final SubscriptionChanges subscriptions;

	MailedUnsubscribes(SubscriberTokens tokens, SubscriptionChanges subscriptions) {
		this.tokens = tokens;
		this.subscriptions = subscriptions;
	}

	/**
	 * Who an unsubscribe token stands for.
	 * @param token a token from an unsubscribe link or {@code mailto:} subject
	 * @return the subscriber, if the token is genuine and unexpired
	 */
	public Optional<SubscriberId> subscriberOf(String token) {
		return this.tokens.verify(Purpose.UNSUBSCRIBE, token);
	}

	/**
	 * Unsubscribes as the one-click link does.
	 * @param token a token from an unsubscribe link or {@code mailto:} subject
	 * @return the subscriber unsubscribed, if the token is genuine and unexpired
	 */
	public Optional<SubscriberId> unsubscribe(String token) {
		Optional<SubscriberId> subscriber = subscriberOf(token);
		if (subscriber.isPresent()) {
			this.subscriptions.unsubscribe(token);
		}
		return subscriber;
	}

}
