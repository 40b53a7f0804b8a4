package org.solidarityalerts.ingest.webhook;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.ingest.IngestProperties;

import org.springframework.stereotype.Service;

/**
 * An organisation's webhook endpoints, for the API and the console alike, so that both
 * register by the same rules: an {@code https://} URL ({@code http://} only where
 * allowed) whose host is not private, loopback, link-local or a metadata service (see
 * {@link WebhookUrls}), a one-line description, at most so many endpoints. The signing
 * secret is returned once, at registration, and never again.
 */
@Service
public class OrganisationWebhooks {

	private static final SecureRandom random = new SecureRandom();

	private final WebhookStore store;

	private final IngestProperties.Webhooks properties;

	private final Clock clock;

	OrganisationWebhooks(WebhookStore store, IngestProperties properties, Clock clock) {
		this.store = store;
		this.properties = properties.webhooks();
		this.clock = clock;
	}

	/**
	 * Registers an endpoint.
	 * @param organisation the organisation whose alerts it receives
	 * @param url where to post events
	 * @param description what it is, optional
	 * @return the endpoint and its signing secret
	 * @throws WebhookRefusedException if a field is not valid or the organisation has too
	 * many endpoints
	 */
	public Registered register(String organisation, @Nullable String url, @Nullable String description) {
		String problem = WebhookUrls.problem(url, this.properties.allowHttp());
		if (problem == null && url != null) {
			problem = WebhookUrls.registrationProblem(url, this.properties.allowPrivateAddresses());
		}
		if (problem != null || url == null) {
			throw new WebhookRefusedException("url", (problem != null) ? problem : "is required");
		}
		if (description != null
				&& (description.length() > 200 || description.chars().anyMatch(Character::isISOControl))) {
			throw new WebhookRefusedException("description", "must be one line of at most 200 characters");
		}
		if (this.store.count(organisation) >= this.properties.maxEndpoints()) {
			throw new WebhookRefusedException(null, "Your organisation has " + this.properties.maxEndpoints()
					+ " webhook endpoints already; remove one first.");
		}
		byte[] key = new byte[32];
		random.nextBytes(key);
		WebhookEndpoint endpoint = new WebhookEndpoint("wh_" + UUID.randomUUID().toString().replace("-", ""),
				organisation, url, description, "whsec_" + Base64.getEncoder().encodeToString(key),
				this.clock.instant());
		this.store.register(endpoint);
		return new Registered(Endpoint.of(endpoint), endpoint.secret());
	}

	/**
	 * The organisation's endpoints, without their secrets.
	 * @param organisation the organisation
	 * @return its endpoints
	 */
	public List<Endpoint> endpoints(String organisation) {
		return this.store.endpoints(organisation).stream().map(Endpoint::of).toList();
	}

	/**
	 * An endpoint's latest deliveries, newest first.
	 * @param organisation the organisation
	 * @param id the endpoint
	 * @param limit at most how many
	 * @return its deliveries, or empty if the organisation has no such endpoint
	 */
	public Optional<List<Delivery>> deliveries(String organisation, String id, int limit) {
		return this.store.endpoint(organisation, id)
			.map((endpoint) -> this.store.recent(endpoint.id(), limit).stream().map(Delivery::of).toList());
	}

	/**
	 * Removes an endpoint at once; its pending deliveries are given up.
	 * @param organisation the organisation
	 * @param id the endpoint
	 * @return whether the organisation had it
	 */
	public boolean remove(String organisation, String id) {
		return this.store.remove(organisation, id);
	}

	/**
	 * A registered endpoint, without its secret.
	 *
	 * @param id the endpoint's id
	 * @param url where events are posted
	 * @param description what it is
	 * @param createdAt when it was registered
	 */
	public record Endpoint(String id, String url, @Nullable String description, Instant createdAt) {

		static Endpoint of(WebhookEndpoint endpoint) {
			return new Endpoint(endpoint.id(), endpoint.url(), endpoint.description(), endpoint.createdAt());
		}

	}

	/**
	 * An endpoint just registered, with its secret, shown this once.
	 *
	 * @param endpoint the endpoint
	 * @param secret the signing secret ({@code whsec_} and base64)
	 */
	public record Registered(Endpoint endpoint, String secret) {
	}

	/**
	 * One delivery to an endpoint.
	 *
	 * @param id its id, the {@code webhook-id} the endpoint receives
	 * @param type the event's type
	 * @param alertId the alert
	 * @param status pending, delivered or failed (given up)
	 * @param attempts how many attempts were made
	 * @param createdAt when it was queued
	 * @param lastAttemptAt when it was last attempted
	 * @param nextAttemptAt when it is next attempted, while pending
	 * @param deliveredAt when the endpoint accepted it
	 * @param lastStatus the HTTP status of the last attempt, if the endpoint answered
	 * @param lastError why the last failed attempt failed
	 */
	public record Delivery(String id, String type, String alertId, String status, int attempts, Instant createdAt,
			@Nullable Instant lastAttemptAt, @Nullable Instant nextAttemptAt, @Nullable Instant deliveredAt,
			@Nullable Integer lastStatus, @Nullable String lastError) {

		static Delivery of(WebhookDelivery delivery) {
			return new Delivery(delivery.id(), delivery.type(), delivery.alertId(),
					delivery.status().name().toLowerCase(Locale.ROOT), delivery.attempts(), delivery.createdAt(),
					delivery.lastAttemptAt(), delivery.nextAttemptAt(), delivery.deliveredAt(), delivery.lastStatus(),
					delivery.lastError());
		}

	}

}
