package org.solidarityalerts.ingest.alert;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.AlertSnapshot;

/**
 * An alert as the API shows it: its current version, every version, and how far
 * publishing has got.
 *
 * @param id the alert's id
 * @param kind its kind
 * @param organisation the owning organisation
 * @param state {@code active} or {@code cancelled}
 * @param publishing {@code scheduled} (embargoed), {@code pending} (due, not yet on
 * Kafka) or {@code published}
 * @param version the latest version
 * @param createdAt when it was first posted
 * @param updatedAt when it last changed
 * @param current the latest version's content
 * @param versions every version, oldest first
 */
public record AlertView(String id, AlertKind kind, String organisation, String state, String publishing, int version,
		Instant createdAt, Instant updatedAt, AlertSnapshot current, List<VersionView> versions) {

	static AlertView of(StoredAlert alert, Instant now) {
		List<VersionView> versions = alert.events()
			.stream()
			.map((event) -> new VersionView(event.version(), event.type(), event.eventId(), event.createdAt(),
					event.publishedAt()))
			.toList();
		String publishing = !alert.pending() ? "published"
				: (alert.nextDueAt() != null && alert.nextDueAt().isAfter(now)) ? "scheduled" : "pending";
		AlertSnapshot current = AlertStore.readEvent(alert.events().getLast().body()).alert();
		return new AlertView(alert.id(), alert.kind(), alert.organisation(), alert.cancelled() ? "cancelled" : "active",
				publishing, alert.version(), alert.createdAt(), alert.updatedAt(), current, versions);
	}

	/**
	 * One version of an alert.
	 *
	 * @param version its number
	 * @param type {@code alert.published}, {@code alert.updated} or
	 * {@code alert.cancelled}
	 * @param eventId the event that carries it
	 * @param createdAt when it was accepted
	 * @param publishedAt when Kafka acknowledged it, if it has
	 */
	public record VersionView(int version, String type, String eventId, Instant createdAt,
			@Nullable Instant publishedAt) {
	}

}
