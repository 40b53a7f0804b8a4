package org.solidarityalerts.ingest.alert;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertEvent.AlertCancelled;
import org.solidarityalerts.contract.AlertEvent.AlertPublished;
import org.solidarityalerts.contract.AlertEvent.AlertUpdated;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.FollowUp;
import org.solidarityalerts.contract.LocalizedText;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.ingest.alert.AlertStore.AlertFilter;
import org.solidarityalerts.ingest.alert.AlertStore.Page;
import org.solidarityalerts.ingest.alert.StoredAlert.StoredEvent;
import org.solidarityalerts.ingest.organiser.Organiser;
import org.solidarityalerts.ingest.organiser.Role;
import org.solidarityalerts.ingest.operations.OutboxTracing;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Accepts organisers' alerts and their changes: checks them, stores each with its event
 * in the outbox in one atomic write, and signals the relay. Once this returns, the alert
 * will reach Kafka whatever happens to Kafka or to this process.
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

	/**
	 * Checks a draft and throws if it is not valid; nothing is stored.
	 * @param draft the draft
	 */
	void check(AlertDraft draft) {
		this.validator.check(draft, this.clock.instant());
	}

	/**
	 * Stores a new alert with its first version in the outbox.
	 * @param organiser the caller
	 * @param draft the alert, already {@link #check checked}
	 * @param id the id to give it; if an alert by that id exists already (a retried
	 * idempotent request), that alert is returned
	 * @return the stored alert
	 */
	StoredAlert post(Organiser organiser, AlertDraft draft, AlertId id) {
		Instant now = this.clock.instant();
		this.validator.check(draft, now);
		Instant publishAt = (draft.publishAt() != null && draft.publishAt().isAfter(now)) ? draft.publishAt() : now;
		AlertSnapshot snapshot = snapshot(id, 1, organiser, draft, publishAt);
		AlertPublished published = new AlertPublished(EventId.random(), ContractEvent.SCHEMA_VERSION, now, snapshot);
		StoredAlert alert = new StoredAlert(id.toString(), organiser.organisation(), snapshot.kind(),
				snapshot.campaign().id(), snapshot.campaign().name(), false, 1, publishAt, now, now,
				List.of(outboxEntry(published, now, publishAt)), true, publishAt, null, null);
		try {
			this.store.insert(alert);
		}
		catch (DuplicateKeyException ex) {
			return this.store.find(id.toString()).orElseThrow(() -> ex);
		}
		this.events.publishEvent(new AlertStored(alert.id()));
		return alert;
	}

	/**
	 * The snapshot a draft would be published as, built as {@link #post} builds it for
	 * the outbox, under an id of its own; nothing is stored.
	 * @param organiser the caller
	 * @param draft the draft, checked here as a post would check it
	 * @return the snapshot of its first version
	 */
	AlertSnapshot previewOf(Organiser organiser, AlertDraft draft) {
		Instant now = this.clock.instant();
		this.validator.check(draft, now);
		Instant publishAt = (draft.publishAt() != null && draft.publishAt().isAfter(now)) ? draft.publishAt() : now;
		return snapshot(AlertId.random(), 1, organiser, draft, publishAt);
	}

	/**
	 * The latest version of a stored alert the caller may see, as its outbox carries it.
	 * @param organiser the caller
	 * @param id the alert
	 * @return its latest snapshot
	 */
	AlertSnapshot latest(Organiser organiser, String id) {
		return AlertStore.readEvent(get(organiser, id).events().getLast().body()).alert();
	}

	StoredAlert get(Organiser organiser, String id) {
		return this.store.find(id)
			.filter((alert) -> organiser.mayAccess(alert.organisation()))
			.orElseThrow(() -> new AlertNotFoundException(id));
	}

	/**
	 * Stores a new version of an alert, replacing the one the caller read.
	 * @param organiser the caller
	 * @param id the alert
	 * @param draft the whole new version
	 * @param expectedVersion the version the caller based the change on
	 * ({@code If-Match}), or null for the latest
	 * @return the alert with its new version
	 */
	StoredAlert update(Organiser organiser, String id, AlertDraft draft, @Nullable Integer expectedVersion) {
		StoredAlert current = changeable(organiser, id, expectedVersion);
		Instant now = this.clock.instant();
		this.validator.checkUpdate(draft, now, current.kind());
		Instant publishAt = (draft.publishAt() != null && draft.publishAt().isAfter(now)) ? draft.publishAt()
				: current.publishAt().isAfter(now) ? current.publishAt() : now;
		int version = current.version() + 1;
		AlertSnapshot snapshot = snapshot(new AlertId(java.util.UUID.fromString(current.id())), version, organiser,
				draft, publishAt);
		AlertUpdated updated = new AlertUpdated(EventId.random(), ContractEvent.SCHEMA_VERSION, now, snapshot,
				current.version());
		Update changes = new Update().set("campaignId", snapshot.campaign().id())
			.set("campaignName", snapshot.campaign().name())
			.set("publishAt", publishAt);
		return append(current, outboxEntry(updated, now, publishAt), changes, expectedVersion != null);
	}

	/**
	 * Calls an alert off.
	 * @param organiser the caller
	 * @param id the alert
	 * @param cancellation why, by language
	 * @param expectedVersion the version the caller based the change on
	 * ({@code If-Match}), or null for the latest
	 * @return the cancelled alert
	 */
	StoredAlert cancel(Organiser organiser, String id, Cancellation cancellation, @Nullable Integer expectedVersion) {
		StoredAlert current = changeable(organiser, id, expectedVersion);
		AlertSnapshot latest = AlertStore.readEvent(current.events().getLast().body()).alert();
		this.validator.checkCancellation(cancellation, latest.defaultLanguage());
		Instant now = this.clock.instant();
		AlertSnapshot cancelling = latest.withVersion(current.version() + 1);
		Map<String, String> reason = (cancellation.reason() != null) ? cancellation.reason() : Map.of();
		AlertCancelled cancelled = new AlertCancelled(EventId.random(), ContractEvent.SCHEMA_VERSION, now, cancelling,
				reason);
		return append(current, outboxEntry(cancelled, now, now), new Update().set("cancelled", true),
				expectedVersion != null);
	}

	Page list(Organiser organiser, AlertFilter filter, int page, int size) {
		AlertFilter scoped = (organiser.role() == Role.OPERATOR) ? filter : new AlertFilter(organiser.organisation(),
				filter.campaign(), filter.kind(), filter.cancelled(), filter.from(), filter.to());
		return this.store.page(scoped, page, size);
	}

	List<CampaignView> campaigns(Organiser organiser) {
		return this.store.campaigns(organiser.organisation());
	}

	private StoredAlert changeable(Organiser organiser, String id, @Nullable Integer expectedVersion) {
		StoredAlert current = get(organiser, id);
		if (current.cancelled()) {
			throw new AlertConflictException("Alert already cancelled", "Alert " + id + " was cancelled at version "
					+ current.version() + "; a cancelled alert cannot be changed. Post a new alert instead.",
					current.version());
		}
		if (expectedVersion != null && expectedVersion != current.version()) {
			throw stale(current, true);
		}
		return current;
	}

	/**
	 * Appends a version if the alert is still at the one read. Another request's change
	 * in between fails a caller's {@code If-Match} ({@code conditional}); without one, it
	 * is a conflict.
	 */
	private StoredAlert append(StoredAlert current, StoredEvent event, Update changes, boolean conditional) {
		if (!this.store.append(current.id(), current.version(), event, changes)) {
			StoredAlert now = this.store.find(current.id()).orElse(current);
			if (now.cancelled()) {
				throw new AlertConflictException("Alert already cancelled",
						"Alert " + now.id() + " was cancelled meanwhile; nothing was stored.", now.version());
			}
			throw stale(now, conditional);
		}
		this.events.publishEvent(new AlertStored(current.id()));
		return this.store.find(current.id()).orElseThrow();
	}

	private static AlertConflictException stale(StoredAlert current, boolean preconditionFailed) {
		return new AlertConflictException("Alert changed meanwhile", "Alert " + current.id() + " is now at version "
				+ current.version()
				+ ", not the version your change was based on; nothing was stored. Read it again and re-apply your change.",
				current.version(), preconditionFailed);
	}

	static StoredEvent outboxEntry(AlertEvent event, Instant now, Instant notBefore) {
		return new StoredEvent(event.eventId().toString(), event.type(), event.alert().version(),
				Topics.alertsFor(event.alert().kind()), now, notBefore, null, AlertStore.writeEvent(event),
				OutboxTracing.current());
	}

	private AlertSnapshot snapshot(AlertId id, int version, Organiser organiser, AlertDraft draft, Instant publishAt) {
		return new AlertSnapshot(id, version, draft.kind(), organiser.organisation(), draft.campaign(),
				draft.subjectCountry(), draft.tags(), draft.defaultLanguage(), draft.content(), draft.actions(),
				publishAt, draft.deadline(), draft.expiresAt(), draft.deadlineTimeZone(), draft.residenceCountries(),
				draft.changeNote(), followUp(organiser, draft.followsUp()));
	}

	/**
	 * The earlier alert a draft follows up, with its latest titles if the caller may see
	 * it; another organisation's alert is named by id only, so nothing of it is told.
	 */
	private @Nullable FollowUp followUp(Organiser organiser, @Nullable String alertId) {
		if (alertId == null) {
			return null;
		}
		LocalizedText title = this.store.find(alertId)
			.filter((earlier) -> organiser.mayAccess(earlier.organisation()))
			.map((earlier) -> AlertStore.readEvent(earlier.events().getLast().body()).alert())
			.map((earlier) -> new LocalizedText(earlier.content()
				.entrySet()
				.stream()
				.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().title()))))
			.orElse(null);
		return new FollowUp(alertId, title);
	}

}
