package org.solidarityalerts.ingest.alert;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertEvent.AlertCancelled;
import org.solidarityalerts.contract.AlertEvent.AlertUpdated;
import org.solidarityalerts.ingest.alert.PublishedAlert.State;
import org.solidarityalerts.ingest.alert.StoredAlert.StoredEvent;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The public's read-only view of the alerts: only what the outbox relay has published. An
 * alert under embargo, or a version still waiting in the outbox, is not there, so the
 * archive never tells more, or sooner, than the alert topics did.
 */
@Component
public class AlertArchive {

	private final MongoTemplate mongo;

	AlertArchive(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * A campaign's published alerts, newest first (by first publication).
	 * @param organisation the organisation the campaign belongs to
	 * @param campaign the campaign's id
	 * @param limit at most this many
	 * @return the alerts, empty if the campaign has none published
	 */
	public List<PublishedAlert> campaign(String organisation, String campaign, int limit) {
		Query query = Query
			.query(Criteria.where("organisation")
				.is(organisation)
				.and("campaignId")
				.is(campaign)
				.and("events.0.publishedAt")
				.ne(null))
			.with(Sort.by(Sort.Order.desc("createdAt"), Sort.Order.asc("_id")))
			.limit(Math.max(limit, 1) * 4);
		List<PublishedAlert> alerts = new ArrayList<>();
		for (StoredAlert stored : this.mongo.find(query, StoredAlert.class)) {
			PublishedAlert alert = published(stored);
			// The stored campaign is the latest version's, which may still be
			// unpublished.
			if (alert != null && alert.alert().campaign().id().equals(campaign)) {
				alerts.add(alert);
			}
		}
		alerts
			.sort(Comparator.comparing(PublishedAlert::firstPublishedAt).reversed().thenComparing(PublishedAlert::id));
		return List.copyOf(alerts.subList(0, Math.min(limit, alerts.size())));
	}

	/**
	 * One published alert.
	 * @param id the alert's id
	 * @return the alert, or empty if there is none or none of its versions is published
	 */
	public Optional<PublishedAlert> alert(String id) {
		return Optional.ofNullable(this.mongo.findById(id, StoredAlert.class)).map(AlertArchive::published);
	}

	/**
	 * An alert's latest published version, if any.
	 * @param stored the alert
	 * @return what the public may see of it, or null if nothing is published yet
	 */
	static @Nullable PublishedAlert published(StoredAlert stored) {
		StoredEvent latest = null;
		for (StoredEvent event : stored.events()) {
			if (event.publishedAt() == null) {
				break;
			}
			latest = event;
		}
		if (latest == null) {
			return null;
		}
		AlertEvent event = AlertStore.readEvent(latest.body());
		State state = switch (event) {
			case AlertCancelled cancelled -> State.CANCELLED;
			case AlertUpdated updated -> State.UPDATED;
			default -> State.PUBLISHED;
		};
		Map<String, String> reason = (event instanceof AlertCancelled cancelled) ? cancelled.reason() : Map.of();
		return new PublishedAlert(stored.id(), event.alert(), state, stored.events().getFirst().publishedAt(),
				latest.publishedAt(), reason);
	}

}
