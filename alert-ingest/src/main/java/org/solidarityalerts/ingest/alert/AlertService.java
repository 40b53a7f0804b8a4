package org.solidarityalerts.ingest.alert;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertEvent.AlertPublished;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.ingest.alert.StoredAlert.StoredEvent;
import org.solidarityalerts.ingest.organiser.Organiser;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Accepts organisers' alerts: checks them, stores each with its event in the outbox in
 * one atomic write, and signals the relay. Once this returns, the alert will reach Kafka
 * whatever happens to Kafka or to this process.
 */
@Service
class AlertService {

	private final AlertValidator validator;

	private final AlertStore store;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	AlertService(AlertValidator validator, AlertStore store, ApplicationEventPublisher events, Clock clock) {
		this.validator = validator;
		this.store = store;
		this.events = events;
		this.clock = clock;
	}

	StoredAlert post(Organiser organiser, AlertDraft draft) {
		Instant now = this.clock.instant();
		this.validator.check(draft, now);
		AlertId id = new AlertId(UUID.randomUUID());
		Instant publishAt = (draft.publishAt() != null && draft.publishAt().isAfter(now)) ? draft.publishAt() : now;
		AlertSnapshot snapshot = snapshot(id, 1, organiser.organisation(), draft, publishAt);
		AlertPublished published = new AlertPublished(EventId.random(), ContractEvent.SCHEMA_VERSION, now, snapshot);
		StoredAlert alert = new StoredAlert(id.toString(), organiser.organisation(), snapshot.kind(),
				snapshot.campaign().id(), false, 1, publishAt, now, now,
				List.of(outboxEntry(published, now, publishAt)), true, publishAt, null, null);
		this.store.insert(alert);
		this.events.publishEvent(new AlertStored(alert.id()));
		return alert;
	}

	StoredAlert get(Organiser organiser, String id) {
		return this.store.find(id)
			.filter((alert) -> organiser.mayAccess(alert.organisation()))
			.orElseThrow(() -> new AlertNotFoundException(id));
	}

	static StoredEvent outboxEntry(AlertEvent event, Instant now, Instant notBefore) {
		return new StoredEvent(event.eventId().toString(), event.type(), event.alert().version(),
				Topics.alertsFor(event.alert().kind()), now, notBefore, null, AlertStore.writeEvent(event));
	}

	private static AlertSnapshot snapshot(AlertId id, int version, String organisation, AlertDraft draft,
			Instant publishAt) {
		return new AlertSnapshot(id, version, draft.kind(), organisation, draft.campaign(), draft.subjectCountry(),
				draft.tags(), draft.defaultLanguage(), draft.content(), draft.actions(), publishAt, draft.deadline(),
				draft.expiresAt());
	}

}
