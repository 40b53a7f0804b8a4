/**
 * Outbound webhooks: organisations register HTTPS endpoints, and each of their alerts'
 * events that the relay publishes is posted to them, signed as the Standard Webhooks
 * specification says, from a durable queue in MongoDB with retries and backoff.
 */
@NullMarked
package org.solidarityalerts.ingest.webhook;

import org.jspecify.annotations.NullMarked;
