package org.solidarityalerts.ingest.console;

import java.util.List;

import org.solidarityalerts.ingest.webhook.OrganisationWebhooks;

/**
 * A row of the Webhooks page: an endpoint and its latest deliveries, newest first.
 *
 * @param endpoint the endpoint
 * @param deliveries its deliveries
 */
public record WebhookRow(OrganisationWebhooks.Endpoint endpoint, List<OrganisationWebhooks.Delivery> deliveries) {
}
