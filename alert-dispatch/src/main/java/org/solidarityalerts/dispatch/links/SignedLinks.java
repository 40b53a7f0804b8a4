package org.solidarityalerts.dispatch.links;

import java.time.Clock;

import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.dispatch.mail.ReturnPaths;
import org.solidarityalerts.dispatch.mail.SubscriberLinks;
import org.solidarityalerts.dispatch.links.SubscriberTokens.Purpose;
import org.solidarityalerts.dispatch.subscription.SubscriptionProperties;

import org.springframework.stereotype.Component;

/**
 * The personal links in every e-mail, each carrying a signed token.
 */
@Component
public class SignedLinks implements SubscriberLinks {

	private final SubscriberTokens tokens;

	private final SubscriptionProperties subscription;

	private final DispatchProperties dispatch;

	private final ReturnPaths returnPaths;

	private final Clock clock;

	SignedLinks(SubscriberTokens tokens, SubscriptionProperties subscription, DispatchProperties dispatch,
			ReturnPaths returnPaths, Clock clock) {
		this.tokens = tokens;
		this.returnPaths = returnPaths;
		this.subscription = subscription;
		this.dispatch = dispatch;
		this.clock = clock;
	}

	@Override
	public String preferences(SubscriberId subscriber) {
		return this.dispatch.mail().publicUrl() + "/preferences/" + this.tokens.issue(Purpose.PREFERENCES, subscriber,
				this.clock.instant().plus(this.subscription.preferencesValidity()));
	}

	@Override
	public String unsubscribe(SubscriberId subscriber) {
		return this.dispatch.mail().publicUrl() + "/unsubscribe/" + unsubscribeToken(subscriber);
	}

	@Override
	public String unsubscribeMailto(SubscriberId subscriber) {
		return "mailto:unsubscribe@" + this.returnPaths.mailDomain() + "?subject=unsubscribe-"
				+ unsubscribeToken(subscriber);
	}

	/**
	 * Expires as the preferences link does: a reader may act, and report it, weeks after
	 * the alert.
	 */
	@Override
	public String acted(SubscriberId subscriber, AlertVersion alertVersion, int action, String kind) {
		return this.dispatch.mail().publicUrl() + "/acted/"
				+ this.tokens.issueActed(new SubscriberTokens.Acted(subscriber, alertVersion, action, kind),
						this.clock.instant().plus(this.subscription.preferencesValidity()));
	}

	/**
	 * A confirmation link that works once: while the subscriber's document holds the
	 * nonce.
	 * @param subscriber the subscriber
	 * @param nonce the nonce stored with them
	 * @return an absolute URL
	 */
	public String confirm(SubscriberId subscriber, String nonce) {
		return this.dispatch.mail().publicUrl() + "/confirm/" + this.tokens.issueConfirmation(subscriber,
				java.util.UUID.fromString(nonce), this.clock.instant().plus(this.subscription.confirmationValidity()));
	}

	private String unsubscribeToken(SubscriberId subscriber) {
		return this.tokens.issue(Purpose.UNSUBSCRIBE, subscriber,
				this.clock.instant().plus(this.subscription.unsubscribeValidity()));
	}

}
