package org.solidarityalerts.dispatch.feedback;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.MailEvent.Feedback;
import org.solidarityalerts.contract.MailEvent.FeedbackSource;
import org.solidarityalerts.contract.SubscriberId;

/**
 * What one report says, once it is known to be genuine.
 *
 * @param subscriber whom it is about, from a signed token or a signed webhook
 * @param alertVersion the alert version of the message reported on, if the report names
 * it and it is this subscriber's
 * @param feedback what was reported
 * @param source how it arrived
 * @param detail the status code or feedback type, never an address
 */
record Report(SubscriberId subscriber, @Nullable AlertVersion alertVersion, Feedback feedback, FeedbackSource source,
		@Nullable String detail) {
}
