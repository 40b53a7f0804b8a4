package org.solidarityalerts.dispatch.mail;

import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.SubscriberId;

/**
 * The personal links every e-mail carries: where to change preferences and where to
 * leave. Implemented where the subscription pages live.
 */
public interface SubscriberLinks {

	/**
	 * A signed link to the subscriber's preferences page.
	 * @param subscriber the subscriber
	 * @return an absolute https (or, locally, http) URL
	 */
	String preferences(SubscriberId subscriber);

	/**
	 * A signed one-click unsubscribe link (RFC 8058).
	 * @param subscriber the subscriber
	 * @return an absolute URL
	 */
	String unsubscribe(SubscriberId subscriber);

	/**
	 * The mailto: address that unsubscribes, for List-Unsubscribe.
	 * @param subscriber the subscriber
	 * @return a mailto: URL with an opaque token
	 */
	String unsubscribeMailto(SubscriberId subscriber);

	/**
	 * A signed "I did this" link for one action of an alert: its page asks the reader to
	 * confirm with a button, so that following the link counts nothing.
	 * @param subscriber the reader
	 * @param alertVersion the alert version the e-mail is of
	 * @param action the action's index in the alert's actions
	 * @param kind the action's kind, its type id
	 * @return an absolute URL
	 */
	String acted(SubscriberId subscriber, AlertVersion alertVersion, int action, String kind);

}
