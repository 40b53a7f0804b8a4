package org.solidarityalerts.ingest.alert;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.AlertSnapshot;

/**
 * An alert as a list shows it.
 *
 * @param id the alert's id
 * @param kind its kind
 * @param campaign its campaign's slug
 * @param title its title in its default language
 * @param state {@code active} or {@code cancelled}
 * @param publishing {@code scheduled}, {@code pending} or {@code published}
 * @param version its latest version
 * @param publishAt when it was or will be first published
 * @param deadline when its action stops being useful, if there is such a date
 * @param createdAt when it was first posted
 * @param updatedAt when it last changed
 */
public record AlertSummary(String id, AlertKind kind, String campaign, String title, String state, String publishing,
		int version, Instant publishAt, @Nullable Instant deadline, Instant createdAt, Instant updatedAt) {

	static AlertSummary of(StoredAlert alert, Instant now) {
		AlertView view = AlertView.of(alert, now);
		AlertSnapshot current = view.current();
		return new AlertSummary(alert.id(), alert.kind(), alert.campaignId(),
				current.content().get(current.defaultLanguage()).title(), view.state(), view.publishing(),
				alert.version(), alert.publishAt(), current.deadline(), alert.createdAt(), alert.updatedAt());
	}

}
