package org.solidarityalerts.ingest.webhook;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An organisation's webhook endpoint. Its secret is kept as it is, since every call is
 * signed with it; it is shown to the organisation once, when the endpoint is registered.
 *
 * @param id the endpoint's id
 * @param organisation the organisation whose alerts it receives
 * @param url where calls are posted
 * @param description what it is, in the organisation's words
 * @param secret the signing secret, {@code whsec_} and base64
 * @param createdAt when it was registered
 */
@Document("webhook_endpoints")
record WebhookEndpoint(@Id String id, @Indexed String organisation, String url, @Nullable String description,
		String secret, Instant createdAt) {
}
