package org.solidarityalerts.dispatch.subscriber;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.SubscriberId;

/**
 * What sending one e-mail needs to know of a subscriber: read with a projection, not the
 * whole document.
 *
 * @param id the subscriber's id
 * @param email the address
 * @param name how to greet them
 * @param residenceCountry where they live
 * @param languages content languages, best first
 * @param timeZone their time zone
 * @param status whether they may be mailed
 */
public record Recipient(SubscriberId id, String email, @Nullable String name, @Nullable String residenceCountry,
		List<String> languages, @Nullable String timeZone, SubscriberStatus status) {
}
