package org.solidarityalerts.dispatch.privacy;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.dispatch.acted.ActionReport;
import org.solidarityalerts.dispatch.subscriber.Consent;
import org.solidarityalerts.dispatch.subscriber.Preferences;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;

/**
 * Everything the service holds about one subscriber, as they download it.
 *
 * @param id their id
 * @param email their address
 * @param name their name, if they gave one
 * @param residenceCountry where they live, if they said
 * @param languages their content languages
 * @param timeZone their time zone, if they said
 * @param status whether they receive alerts
 * @param preferences what they receive
 * @param createdAt when they signed up
 * @param confirmedAt when they confirmed
 * @param consent what they agreed to, when and where
 * @param deliveries every alert e-mail we sent or tried to send them
 * @param actionsReported the actions they told us they took ("I did this")
 */
record SubscriberData(String id, String email, @Nullable String name, @Nullable String residenceCountry,
		List<String> languages, @Nullable String timeZone, SubscriberStatus status, Preferences preferences,
		Instant createdAt, @Nullable Instant confirmedAt, @Nullable Consent consent, List<Delivery> deliveries,
		List<ActionReport> actionsReported) {

	static SubscriberData of(Subscriber subscriber, List<Delivery> deliveries, List<ActionReport> actionsReported) {
		return new SubscriberData(subscriber.id(), subscriber.email(), subscriber.name(), subscriber.residenceCountry(),
				subscriber.languages(), subscriber.timeZone(), subscriber.status(), subscriber.preferences(),
				subscriber.createdAt(), subscriber.confirmedAt(), subscriber.consent(), deliveries, actionsReported);
	}

	/**
	 * One alert e-mail, as the delivery ledger records it.
	 *
	 * @param alertId the alert
	 * @param version its version
	 * @param status what became of it ({@code sent}, {@code failed}, {@code skipped},
	 * ...; {@code claimed} or {@code sending} while it is under way)
	 * @param detail the mail server's answer or why it was not sent, if recorded
	 * @param attempts how many times it was tried
	 * @param firstAttemptAt when it was first taken up
	 * @param updatedAt when its status last changed
	 */
	record Delivery(String alertId, int version, String status, @Nullable String detail, int attempts,
			@Nullable Instant firstAttemptAt, @Nullable Instant updatedAt) {

	}

}
