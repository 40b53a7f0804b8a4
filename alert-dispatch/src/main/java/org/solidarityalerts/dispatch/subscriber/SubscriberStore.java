package org.solidarityalerts.dispatch.subscriber;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.SubscriberId;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Reads subscribers for the fan-out: the audience of an alert streamed id by id through a
 * cursor, and recipients by id with a projection. Nothing here holds an audience in
 * memory.
 */
@Component
public class SubscriberStore {

	private final MongoTemplate mongo;

	SubscriberStore(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * Streams the ids of the confirmed subscribers an alert goes to now, in id order,
	 * from after a checkpoint. Subscribers on a digest cadence are left out of all but
	 * urgent actions.
	 * @param alert the alert version
	 * @param after the last id already handed out, or null to start from the beginning
	 * @param batchSize the cursor's batch size
	 * @param each called with each id in order
	 */
	public void streamAudience(AlertSnapshot alert, @Nullable String after, int batchSize, Consumer<String> each) {
		stream(audience(alert), after, batchSize, each);
	}

	/**
	 * Which of some subscribers {@link #streamAudience} hands an alert to now: one query,
	 * against the same criteria.
	 * @param alert the alert version
	 * @param ids subscriber ids
	 * @return those among them in the alert's audience
	 */
	public Set<String> inAudience(AlertSnapshot alert, Collection<String> ids) {
		Query query = Query.query(audience(alert).and("_id").in(ids));
		query.fields().include("_id");
		return this.mongo.find(query, Document.class, "subscribers")
			.stream()
			.map((document) -> document.getString("_id"))
			.collect(Collectors.toSet());
	}

	/**
	 * Streams the ids of the confirmed subscribers who match an alert but asked for it in
	 * a daily or weekly digest. For urgent actions there are none: they always go out at
	 * once.
	 * @param alert the alert version
	 * @param after the last id already handled, or null to start from the beginning
	 * @param batchSize the cursor's batch size
	 * @param each called with each id in order
	 */
	public void streamDigestAudience(AlertSnapshot alert, @Nullable String after, int batchSize,
			Consumer<String> each) {
		if (alert.kind().urgent()) {
			return;
		}
		Criteria criteria = matching(alert).and("preferences.cadence").in(Cadence.DAILY.name(), Cadence.WEEKLY.name());
		stream(criteria, after, batchSize, each);
	}

	/**
	 * A subscriber's cadence and time zone, for digests.
	 * @param id the subscriber
	 * @return their cadence and zone, or null if they no longer exist
	 */
	public @Nullable DigestSchedule digestSchedule(SubscriberId id) {
		Query query = Query.query(Criteria.where("_id").is(id.toString()));
		query.fields().include("preferences.cadence", "timeZone");
		Document document = this.mongo.findOne(query, Document.class, "subscribers");
		if (document == null) {
			return null;
		}
		Document preferences = document.get("preferences", Document.class);
		String cadence = (preferences != null) ? preferences.getString("cadence") : null;
		return new DigestSchedule(Cadence.valueOf((cadence != null) ? cadence : Cadence.IMMEDIATE.name()),
				document.getString("timeZone"));
	}

	/**
	 * When a subscriber wants their digest.
	 *
	 * @param cadence their cadence
	 * @param timeZone their IANA time zone, if they gave one
	 */
	public record DigestSchedule(Cadence cadence, @Nullable String timeZone) {
	}

	private static Criteria audience(AlertSnapshot alert) {
		Criteria criteria = matching(alert);
		if (!alert.kind().urgent()) {
			criteria.and("preferences.cadence").is(Cadence.IMMEDIATE.name());
		}
		return criteria;
	}

	private static Criteria matching(AlertSnapshot alert) {
		Criteria criteria = Criteria.where("status")
			.is(SubscriberStatus.CONFIRMED.name())
			.and("preferences.kinds")
			.is(alert.kind().name());
		if (!alert.residenceCountries().isEmpty()) {
			// An alert for readers in some countries only (an event in London).
			criteria.and("residenceCountry").in(alert.residenceCountries());
		}
		return criteria.orOperator(Criteria.where("preferences.campaigns").is(alert.campaign().id()),
				Criteria.where("preferences.countries").is(alert.subjectCountry()));
	}

	private void stream(Criteria criteria, @Nullable String after, int batchSize, Consumer<String> each) {
		if (after != null) {
			criteria.and("_id").gt(after);
		}
		Query query = Query.query(criteria).with(Sort.by("_id")).cursorBatchSize(batchSize);
		query.fields().include("_id");
		try (var ids = this.mongo.stream(query, Document.class, "subscribers")) {
			ids.forEach((document) -> each.accept(document.getString("_id")));
		}
	}

	/**
	 * Reads the recipients among some subscribers, whatever their status.
	 * @param ids subscriber ids
	 * @return those that exist
	 */
	public List<Recipient> recipients(Collection<SubscriberId> ids) {
		Query query = Query.query(Criteria.where("_id").in(ids.stream().map(SubscriberId::toString).toList()));
		query.fields().include("email", "name", "residenceCountry", "languages", "timeZone", "status");
		return this.mongo.find(query, Document.class, "subscribers").stream().map(SubscriberStore::recipient).toList();
	}

	private static Recipient recipient(Document document) {
		return new Recipient(new SubscriberId(UUID.fromString(document.getString("_id"))), document.getString("email"),
				document.getString("name"), document.getString("residenceCountry"),
				document.getList("languages", String.class, List.of()), document.getString("timeZone"),
				SubscriberStatus.valueOf(document.getString("status")));
	}

}
