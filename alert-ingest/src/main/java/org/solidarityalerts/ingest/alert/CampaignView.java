package org.solidarityalerts.ingest.alert;

import java.time.Instant;

/**
 * A campaign that an organisation's alerts refer to.
 *
 * @param id the campaign's slug
 * @param name its name, as its latest alert gives it
 * @param alerts how many of the organisation's alerts belong to it
 * @param lastChangedAt when one of them last changed
 */
record CampaignView(String id, String name, long alerts, Instant lastChangedAt) {
}
