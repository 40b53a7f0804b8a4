package org.solidarityalerts.ingest.console;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One thing done in or for an organisation's console. Never a password or a code. Public
 * for the Activity page's template only.
 *
 * @param id the entry's id
 * @param organisation the organisation it concerns
 * @param actor who did it: a console user's address, or an operator key's id
 * @param action what was done, e.g. {@code alert.published}
 * @param alertId the alert it concerns, if any
 * @param detail a short note, such as an alert's new version
 * @param at when
 */
@Document("console_audit")
@CompoundIndex(name = "organisation_at", def = "{'organisation': 1, 'at': -1}")
public record AuditEntry(@Id String id, String organisation, String actor, String action, @Nullable String alertId,
		@Nullable String detail, Instant at) {
}
