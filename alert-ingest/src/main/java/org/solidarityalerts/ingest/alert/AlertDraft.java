package org.solidarityalerts.ingest.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.Action;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.Campaign;
import org.solidarityalerts.contract.LocalizedContent;
import org.solidarityalerts.contract.LocalizedText;

/**
 * An alert as an organiser writes it, in a POST (a new alert) or a PUT (its next
 * version). Every field is checked by {@link AlertValidator} before anything is stored;
 * the fields it requires are marked required in the OpenAPI description (they are
 * nullable here so that a missing one is reported with all the other problems at once).
 *
 * @param kind urgent action, appeal, news or event
 * @param campaign the campaign it belongs to
 * @param subjectCountry the country it concerns (ISO 3166-1 alpha-2)
 * @param tags free labels
 * @param defaultLanguage the language used where a subscriber's own is missing (BCP 47)
 * @param content the words, by language tag
 * @param actions what readers are asked to do
 * @param publishAt not published before this (an embargo); now if absent
 * @param deadline when the action stops being useful
 * @param expiresAt nothing is sent after this
 * @param deadlineTimeZone the IANA time zone the deadline was set in, so readers
 * elsewhere see its local time too
 * @param residenceCountries only readers living in these countries receive it; none for
 * everyone
 * @param changeNote what changed, by language tag (a new version only)
 * @param followsUp the id of the earlier alert this one follows up
 */
public record AlertDraft(@Schema(requiredMode = RequiredMode.REQUIRED) @Nullable AlertKind kind,
		@Schema(requiredMode = RequiredMode.REQUIRED) @Nullable Campaign campaign,
		@Schema(requiredMode = RequiredMode.REQUIRED) @Nullable String subjectCountry, @Nullable List<String> tags,
		@Schema(requiredMode = RequiredMode.REQUIRED) @Nullable String defaultLanguage,
		@Schema(requiredMode = RequiredMode.REQUIRED) @Nullable Map<String, LocalizedContent> content,
		@Nullable List<Action> actions, @Nullable Instant publishAt, @Nullable Instant deadline,
		@Nullable Instant expiresAt, @Nullable String deadlineTimeZone, @Nullable List<String> residenceCountries,
		@Nullable LocalizedText changeNote, @Nullable String followsUp) {
}
