package org.solidarityalerts.ingest.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.ingest.organiser.Organiser;
import org.solidarityalerts.ingest.webhook.WebhookDelivery.Status;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An organisation's webhook endpoints: register one (its signing secret is in that answer
 * only), list and remove them, and see each one's latest deliveries with their status and
 * last error. An organisation sees only its own endpoints.
 */
@RestController
@RequestMapping("/api/v1/webhooks")
@Tag(name = "Webhooks",
		description = "Signed calls to your endpoints when your alerts are published, when their fan-outs finish and when their action totals change")
class WebhookController {

	private static final Logger logger = LoggerFactory.getLogger(WebhookController.class);

	private static final int RECENT_DELIVERIES = 50;

	private final WebhookStore store;

	private final OrganisationWebhooks webhooks;

	WebhookController(WebhookStore store, OrganisationWebhooks webhooks) {
		this.store = store;
		this.webhooks = webhooks;
	}

	@Operation(operationId = "registerWebhook", summary = "Register a webhook endpoint",
			description = "Every event of your alerts that is published (alert.published, alert.updated, alert.cancelled), each finished fan-out (alert.fanout.finished) and changes of your alerts' action totals (alert.actions.changed, coalesced) are posted to it, signed as the Standard Webhooks specification says. Hosts that resolve to loopback, private, link-local or metadata addresses are refused. The secret is in this response only.")
	@PostMapping
	ResponseEntity<RegisteredWebhook> register(@AuthenticationPrincipal Organiser organiser,
			@RequestBody WebhookRequest request) {
		OrganisationWebhooks.Registered registered;
		try {
			registered = this.webhooks.register(organiser.organisation(), request.url(), request.description());
		}
		catch (WebhookRefusedException ex) {
			String field = ex.field();
			if (field == null) {
				ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.reason());
				detail.setTitle("Too many webhook endpoints");
				throw new ErrorResponseException(HttpStatus.CONFLICT, detail, null);
			}
			throw invalid(field, ex.reason());
		}
		OrganisationWebhooks.Endpoint endpoint = registered.endpoint();
		logger.info("Key {} registered webhook endpoint {} for organisation {}", organiser.keyId(), endpoint.id(),
				organiser.organisation());
		return ResponseEntity.created(URI.create("/api/v1/webhooks/" + endpoint.id()))
			.body(new RegisteredWebhook(endpoint.id(), endpoint.url(), endpoint.description(), endpoint.createdAt(),
					registered.secret()));
	}

	@Operation(operationId = "listWebhooks", summary = "List your webhook endpoints",
			description = "Without their secrets.")
	@GetMapping
	List<WebhookView> list(@AuthenticationPrincipal Organiser organiser) {
		return this.store.endpoints(organiser.organisation()).stream().map(WebhookView::of).toList();
	}

	@Operation(operationId = "removeWebhook", summary = "Remove a webhook endpoint",
			description = "At once; its pending deliveries are given up.")
	@DeleteMapping("/{id}")
	ResponseEntity<Void> remove(@AuthenticationPrincipal Organiser organiser, @PathVariable String id) {
		if (!this.store.remove(organiser.organisation(), id)) {
			throw notFound(id);
		}
		logger.info("Key {} removed webhook endpoint {}", organiser.keyId(), id);
		return ResponseEntity.noContent().build();
	}

	@Operation(operationId = "listWebhookDeliveries", summary = "An endpoint's latest deliveries",
			description = "Newest first, at most 50: each with its status (pending, delivered, failed), attempts, the last HTTP status and the last error.")
	@GetMapping("/{id}/deliveries")
	List<DeliveryView> deliveries(@AuthenticationPrincipal Organiser organiser, @PathVariable String id) {
		WebhookEndpoint endpoint = this.store.endpoint(organiser.organisation(), id).orElseThrow(() -> notFound(id));
		return this.store.recent(endpoint.id(), RECENT_DELIVERIES).stream().map(DeliveryView::of).toList();
	}

	private static ErrorResponseException invalid(String field, String reason) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"1 field(s) are not valid; no endpoint was registered.");
		problem.setTitle("Invalid webhook endpoint");
		problem.setProperty("errors", List.of(Map.of("field", field, "reason", reason)));
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

	private static ErrorResponseException notFound(String id) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"Your organisation has no webhook endpoint with the id '" + id + "'.");
		problem.setTitle("Webhook endpoint not found");
		return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
	}

	/**
	 * An endpoint to register.
	 *
	 * @param url where to post events: an https:// URL
	 * @param description what it is, e.g. "campaign website"
	 */
	record WebhookRequest(@Schema(requiredMode = RequiredMode.REQUIRED) @Nullable String url,
			@Nullable String description) {
	}

	/**
	 * A registered endpoint, with its secret, shown this once.
	 *
	 * @param id the endpoint's id
	 * @param url where events are posted
	 * @param description what it is
	 * @param createdAt when it was registered
	 * @param secret the signing secret ({@code whsec_} and base64), for verifying
	 * {@code webhook-signature}
	 */
	record RegisteredWebhook(String id, String url, @Nullable String description, Instant createdAt, String secret) {
	}

	/**
	 * A registered endpoint.
	 *
	 * @param id the endpoint's id
	 * @param url where events are posted
	 * @param description what it is
	 * @param createdAt when it was registered
	 */
	record WebhookView(String id, String url, @Nullable String description, Instant createdAt) {

		static WebhookView of(WebhookEndpoint endpoint) {
			return new WebhookView(endpoint.id(), endpoint.url(), endpoint.description(), endpoint.createdAt());
		}

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
	record DeliveryView(String id, String type, String alertId, String status, int attempts, Instant createdAt,
			@Nullable Instant lastAttemptAt, @Nullable Instant nextAttemptAt, @Nullable Instant deliveredAt,
			@Nullable Integer lastStatus, @Nullable String lastError) {

		static DeliveryView of(WebhookDelivery delivery) {
			return new DeliveryView(delivery.id(), delivery.type(), delivery.alertId(), name(delivery.status()),
					delivery.attempts(), delivery.createdAt(), delivery.lastAttemptAt(), delivery.nextAttemptAt(),
					delivery.deliveredAt(), delivery.lastStatus(), delivery.lastError());
		}

		private static String name(Status status) {
			return status.name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
