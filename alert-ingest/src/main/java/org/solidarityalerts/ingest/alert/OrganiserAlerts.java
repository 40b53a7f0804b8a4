package org.solidarityalerts.ingest.alert;

import java.time.Clock;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.ingest.alert.AlertStore.AlertFilter;
import org.solidarityalerts.ingest.organiser.Organiser;

import org.springframework.stereotype.Service;

/**
 * What the organisers' console may do with alerts, through the very {@link AlertService}
 * the API uses: the same checks, the same atomic writes with the outbox, the same scoping
 * to the caller's organisation. It hands out views, never the stored documents.
 */
@Service
public class OrganiserAlerts {

	private final AlertService service;

	private final Clock clock;

	OrganiserAlerts(AlertService service, Clock clock) {
		this.service = service;
		this.clock = clock;
	}

	/**
	 * Checks and stores a new alert; published at once, or at its {@code publishAt}.
	 * @param organiser the caller
	 * @param draft the alert
	 * @param id its id; a second post with the same id returns the first alert
	 * @return the stored alert
	 * @throws InvalidAlertException with every problem, when nothing was stored
	 */
	public AlertView post(Organiser organiser, AlertDraft draft, AlertId id) {
		this.service.check(draft);
		return view(this.service.post(organiser, draft, id));
	}

	/**
	 * A draft checked as a post is and made into the snapshot the outbox would carry, for
	 * a preview; nothing is stored.
	 * @param organiser the caller
	 * @param draft the unsaved draft
	 * @return its snapshot, under a random id
	 * @throws InvalidAlertException with every problem
	 */
	public AlertSnapshot previewOf(Organiser organiser, AlertDraft draft) {
		return this.service.previewOf(organiser, draft);
	}

	/**
	 * One of the caller's alerts.
	 * @param organiser the caller
	 * @param id the alert's id
	 * @return the alert
	 * @throws AlertNotFoundException when there is none, or it is another organisation's
	 */
	public AlertView get(Organiser organiser, String id) {
		return view(this.service.get(organiser, id));
	}

	/**
	 * Stores a new version of an alert.
	 * @param organiser the caller
	 * @param id the alert
	 * @param draft the whole new version, with its change note
	 * @param expectedVersion the version the caller edited
	 * @return the alert with its new version
	 */
	public AlertView update(Organiser organiser, String id, AlertDraft draft, @Nullable Integer expectedVersion) {
		return view(this.service.update(organiser, id, draft, expectedVersion));
	}

	/**
	 * Calls an alert off.
	 * @param organiser the caller
	 * @param id the alert
	 * @param cancellation why
	 * @param expectedVersion the version the caller saw
	 * @return the cancelled alert
	 */
	public AlertView cancel(Organiser organiser, String id, Cancellation cancellation,
			@Nullable Integer expectedVersion) {
		return view(this.service.cancel(organiser, id, cancellation, expectedVersion));
	}

	/**
	 * A page of the caller's own alerts, newest first (an operator's too are only its
	 * organisation's here).
	 * @param organiser the caller
	 * @param page the page, from 0
	 * @param size its size
	 * @return the alerts and how many there are in all
	 */
	public Listing list(Organiser organiser, int page, int size) {
		AlertStore.Page found = this.service.list(organiser,
				new AlertFilter(organiser.organisation(), null, null, null, null, null), page, size);
		return new Listing(
				found.alerts().stream().map((alert) -> AlertSummary.of(alert, this.clock.instant())).toList(),
				found.total());
	}

	private AlertView view(StoredAlert alert) {
		return AlertView.of(alert, this.clock.instant());
	}

	/**
	 * A page of alerts.
	 *
	 * @param alerts the page's alerts
	 * @param total how many alerts there are in all
	 */
	public record Listing(List<AlertSummary> alerts, long total) {
	}

}
