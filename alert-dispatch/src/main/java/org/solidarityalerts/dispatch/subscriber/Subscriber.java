package org.solidarityalerts.dispatch.subscriber;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A subscriber. Only what the service needs is kept: address, optional name, country of
 * residence, languages and preferences. The id, never the address, is what travels in
 * events and logs.
 *
 * @param id the subscriber's id (a UUID)
 * @param email the address, as given
 * @param emailKey the address lower-cased, unique
 * @param name how to greet them, if they said
 * @param residenceCountry where they live (ISO 3166-1 alpha-2), to name their nearest
 * embassy
 * @param languages content languages, best first (BCP 47)
 * @param timeZone their IANA time zone, for dates in e-mails
 * @param status pending, confirmed, unsubscribed or suppressed
 * @param preferences what they receive
 * @param createdAt when they signed up
 * @param confirmedAt when they confirmed
 * @param consent what they agreed to, when and where
 * @param confirmationNonce the one confirmation link that still works, if any: it is
 * removed when used, so each link works once
 */
@Document("subscribers")
@CompoundIndexes({
		@CompoundIndex(name = "audience_by_campaign", def = "{'status': 1, 'preferences.campaigns': 1, '_id': 1}"),
		@CompoundIndex(name = "audience_by_country", def = "{'status': 1, 'preferences.countries': 1, '_id': 1}"),
		// Dispatch looks for due service mails every few seconds; only subscribers with
		// one pending are in this index, so that look-up never scans them all.
		@CompoundIndex(name = "service_mail_due", def = "{'serviceMail.dueAt': 1}", sparse = true),
		// Records of service-mail attempts Kafka has not taken yet, looked for as often:
		// only subscribers with one are in this index.
		@CompoundIndex(name = "service_mail_records", def = "{'serviceMailRecords.at': 1}", sparse = true) })
public record Subscriber(@Id String id, String email, @Indexed(unique = true) String emailKey, @Nullable String name,
		@Nullable String residenceCountry, List<String> languages, @Nullable String timeZone, SubscriberStatus status,
		Preferences preferences, Instant createdAt, @Nullable Instant confirmedAt, @Nullable Consent consent,
		@Nullable String confirmationNonce) {

	/** The collection subscribers are kept in. */
	public static final String COLLECTION = "subscribers";

	@PersistenceCreator
	public Subscriber {
		languages = (languages != null) ? List.copyOf(languages) : List.of();
	}

	/**
	 * A subscriber without a consent record or a pending confirmation, as test data and
	 * older code create them.
	 * @param id the subscriber's id (a UUID)
	 * @param email the address, as given
	 * @param emailKey the address lower-cased
	 * @param name how to greet them
	 * @param residenceCountry where they live
	 * @param languages content languages
	 * @param timeZone their time zone
	 * @param status their status
	 * @param preferences what they receive
	 * @param createdAt when they signed up
	 * @param confirmedAt when they confirmed
	 */
	public Subscriber(String id, String email, String emailKey, @Nullable String name,
			@Nullable String residenceCountry, List<String> languages, @Nullable String timeZone,
			SubscriberStatus status, Preferences preferences, Instant createdAt, @Nullable Instant confirmedAt) {
		this(id, email, emailKey, name, residenceCountry, languages, timeZone, status, preferences, createdAt,
				confirmedAt, null, null);
	}

	/**
	 * The key an address is found by: trimmed and lower-cased.
	 * @param email an address
	 * @return its key
	 */
	public static String keyOf(String email) {
		return email.strip().toLowerCase(java.util.Locale.ROOT);
	}

}
