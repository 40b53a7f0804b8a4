package org.solidarityalerts.ingest.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertEvent.AlertCancelled;
import org.solidarityalerts.contract.AlertEvent.AlertUpdated;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.Campaign;
import org.solidarityalerts.contract.WireFormat;

/**
 * A webhook's body, in the Standard Webhooks shape ({@code type}, {@code timestamp},
 * {@code data}): what happened to which of the organisation's alerts, in its default
 * language. It says nothing of subscribers, nor of the alert's audience.
 *
 * @param type the event's type: {@code alert.published}, {@code alert.updated} or
 * {@code alert.cancelled}
 * @param timestamp when the event happened
 * @param data the alert
 */
record WebhookPayload(String type, Instant timestamp, Data data) {

	static WebhookPayload of(AlertEvent event, @Nullable URI publicUrl) {
		AlertSnapshot alert = event.alert();
		String base = (publicUrl != null) ? publicUrl.toString().replaceAll("/+$", "") : null;
		return new WebhookPayload(event.type(), event.occurredAt(),
				new Data(event.eventId().toString(), alert.id().toString(), alert.version(), alert.kind(),
						alert.organisation(), alert.campaign(), alert.defaultLanguage(),
						alert.content().get(alert.defaultLanguage()).title(), alert.publishAt(), alert.deadline(),
						(event instanceof AlertUpdated updated) ? updated.replacesVersion() : null,
						(event instanceof AlertCancelled cancelled) ? cancelled.reason() : null,
						(base != null) ? base + "/public/alerts/" + alert.id() : null));
	}

	String json() {
		return WireFormat.jsonMapper().writeValueAsString(this);
	}

	/**
	 * The alert an event concerns.
	 *
	 * @param eventId the event's id, the same as on the alert topics
	 * @param alertId the alert
	 * @param version the version the event carries
	 * @param kind its kind
	 * @param organisation the organisation
	 * @param campaign its campaign
	 * @param language its default language
	 * @param title its title in that language
	 * @param publishAt when it was (or is) published
	 * @param deadline its deadline, if any
	 * @param replacesVersion for an update, the version it replaces
	 * @param reason for a cancellation, why, by language tag
	 * @param url its public page, when {@code alert.ingest.archive.public-url} is set
	 */
	record Data(String eventId, String alertId, int version, AlertKind kind, String organisation, Campaign campaign,
			String language, String title, Instant publishAt, @Nullable Instant deadline,
			@Nullable Integer replacesVersion, @Nullable Map<String, String> reason, @Nullable String url) {
	}

}
