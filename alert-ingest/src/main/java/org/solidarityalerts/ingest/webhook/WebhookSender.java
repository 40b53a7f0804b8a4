package org.solidarityalerts.ingest.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import com.standardwebhooks.Webhook;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.ingest.IngestProperties;
import org.solidarityalerts.ingest.alert.AlertArchive;
import org.solidarityalerts.ingest.progress.FanOutFinished;
import org.solidarityalerts.ingest.publishing.AlertEventsPublished;
import org.solidarityalerts.ingest.webhook.WebhookDelivery.Status;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Queues a delivery per endpoint for each published event of an organisation's alert, and
 * posts the deliveries that are due: signed with the endpoint's secret (Standard
 * Webhooks: HMAC-SHA256 over {@code id.timestamp.body}, in {@code webhook-id},
 * {@code webhook-timestamp} and {@code webhook-signature}); a 2xx answer delivers it,
 * anything else (another status, a timeout, a refused connection, a redirect) is tried
 * again after a backoff that doubles from {@code initial-backoff} up to
 * {@code max-backoff}, until {@code max-attempts}. Attempts count on
 * {@code alert.ingest.webhooks.attempts} by outcome. Also queues
 * {@code alert.fanout.finished} when progress announces a finished fan-out, with the
 * delivery's id made of the version and the type, so an announcement repeated after a
 * crash queues nothing twice. Before every call the endpoint's host is resolved and
 * refused if it is not public ({@link WebhookUrls#addressProblem}); redirects are never
 * followed, so an endpoint cannot send a call on to a private address either.
 */
@Component
class WebhookSender implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(WebhookSender.class);

	private static final int CONCURRENT_CALLS = 8;

	private static final int MAX_ERROR_LENGTH = 300;

	private final WebhookStore store;

	private final IngestProperties properties;

	private final Clock clock;

	private final AlertArchive archive;

	private final HttpClient http;

	private final ExecutorService claimer = Executors
		.newSingleThreadExecutor(Thread.ofPlatform().name("webhook-sender").daemon().factory());

	private final ExecutorService callers = Executors
		.newThreadPerTaskExecutor(Thread.ofVirtual().name("webhook-call-", 0).factory());

	private final Semaphore calls = new Semaphore(CONCURRENT_CALLS);

	private final AtomicBoolean wakeRequested = new AtomicBoolean();

	private final Counter delivered;

	private final Counter failed;

	private final Counter givenUp;

	WebhookSender(WebhookStore store, IngestProperties properties, Clock clock, AlertArchive archive,
			MeterRegistry registry) {
		this.store = store;
		this.properties = properties;
		this.clock = clock;
		this.archive = archive;
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.webhooks().timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		this.delivered = attempts(registry, "delivered", "Webhook calls an endpoint accepted (2xx)");
		this.failed = attempts(registry, "failed", "Webhook calls that failed and will be tried again");
		this.givenUp = attempts(registry, "given-up", "Webhook calls that failed for the last time");
		if (properties.webhooks().allowHttp()) {
			logger.warn("alert.ingest.webhooks.allow-http is set: webhook endpoints may be plain http:// "
					+ "addresses. Never set it outside the local stack and tests.");
		}
		if (properties.webhooks().allowPrivateAddresses()) {
			logger.warn("alert.ingest.webhooks.allow-private-addresses is set: webhook endpoints may be loopback "
					+ "and private addresses. Never set it outside the local stack and tests.");
		}
	}

	private static Counter attempts(MeterRegistry registry, String outcome, String description) {
		return Counter.builder("alert.ingest.webhooks.attempts")
			.tag("outcome", outcome)
			.description(description)
			.register(registry);
	}

	/**
	 * Queues the published events for the alert's organisation's endpoints. Called by the
	 * relay before the outbox marks them published, so a failure here has them published
	 * and queued again, and a second call queues nothing twice.
	 * @param published the events Kafka acknowledged
	 */
	@EventListener
	void onPublished(AlertEventsPublished published) {
		boolean queued = false;
		for (AlertEvent event : published.events()) {
			String organisation = event.alert().organisation();
			List<WebhookEndpoint> endpoints = this.store.endpoints(organisation);
			if (endpoints.isEmpty()) {
				continue;
			}
			String payload = WebhookPayload.of(event, this.properties.archive().publicUrl()).json();
			Instant now = this.clock.instant();
			for (WebhookEndpoint endpoint : endpoints) {
				queued |= this.store.enqueue(new WebhookDelivery(event.eventId() + "." + endpoint.id(), endpoint.id(),
						organisation, event.type(), published.alertId(), payload, Status.PENDING, 0, now, now, null,
						null, null, null, null, null));
			}
		}
		if (queued) {
			wake();
		}
	}

	/**
	 * Queues {@code alert.fanout.finished} for the alert's organisation's endpoints.
	 * Idempotent: the delivery's id is the version's and the type's, so progress may
	 * announce a version again (after a crash) without a second call.
	 * @param finished the version whose fan-out finished
	 */
	@EventListener
	void onFanOutFinished(FanOutFinished finished) {
		String organisation = organisationOf(finished.alertId());
		if (organisation == null) {
			return;
		}
		String eventId = "fanout-finished." + finished.alertId() + ".v" + finished.progress().version();
		enqueue(organisation, eventId, FanOutFinishedPayload.TYPE, finished.alertId(),
				FanOutFinishedPayload.of(finished).json());
	}

	/**
	 * The organisation whose alert it is, if the alert has been published.
	 * @param alertId the alert
	 * @return its organisation, or null
	 */
	@Nullable String organisationOf(String alertId) {
		return this.archive.alert(alertId).map((alert) -> alert.alert().organisation()).orElse(null);
	}

	/**
	 * Queues an event for each of an organisation's endpoints, once per event id.
	 * @param organisation the organisation
	 * @param eventId the event's id, the same whenever the same event is queued again
	 * @param type the event's type
	 * @param alertId the alert it concerns
	 * @param payload the JSON body
	 * @return whether a delivery was new
	 */
	boolean enqueue(String organisation, String eventId, String type, String alertId, String payload) {
		boolean queued = false;
		Instant now = this.clock.instant();
		for (WebhookEndpoint endpoint : this.store.endpoints(organisation)) {
			queued |= this.store.enqueue(new WebhookDelivery(eventId + "." + endpoint.id(), endpoint.id(), organisation,
					type, alertId, payload, Status.PENDING, 0, now, now, null, null, null, null, null, null));
		}
		if (queued) {
			wake();
		}
		return queued;
	}

	@Scheduled(fixedDelayString = "${alert.ingest.webhooks.poll-interval:1s}")
	void poll() {
		wake();
	}

	void wake() {
		if (this.wakeRequested.compareAndSet(false, true)) {
			this.claimer.execute(this::drain);
		}
	}

	private void drain() {
		this.wakeRequested.set(false);
		try {
			while (this.calls.tryAcquire()) {
				Optional<WebhookDelivery> claimed = this.store.claimDue(this.clock.instant(),
						this.properties.webhooks().lease());
				if (claimed.isEmpty()) {
					this.calls.release();
					return;
				}
				this.callers.execute(() -> {
					try {
						call(claimed.get());
					}
					catch (RuntimeException ex) {
						// MongoDB did not answer: the claim's lease ends and the delivery
						// is tried again, under the same webhook-id.
						logger.warn("Webhook {} to endpoint {} not recorded, tried again once its lease ends: {}",
								claimed.get().id(), claimed.get().endpointId(), ex.getClass().getName());
					}
					finally {
						this.calls.release();
					}
				});
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Webhook sender could not read its queue; will try again", ex);
		}
	}

	private void call(WebhookDelivery delivery) {
		Optional<WebhookEndpoint> endpoint = this.store.endpoint(delivery.endpointId());
		Instant now = this.clock.instant();
		if (endpoint.isEmpty()) {
			this.store.failed(delivery, now, null, "The endpoint was removed", null);
			return;
		}
		@Nullable Integer status = null;
		@Nullable String error;
		String refused = WebhookUrls.addressProblem(endpoint.get().url(),
				this.properties.webhooks().allowPrivateAddresses());
		if (refused != null) {
			failed(delivery, null, "Refused: the URL " + refused);
			return;
		}
		try {
			long timestamp = now.getEpochSecond();
			String signature = new Webhook(endpoint.get().secret()).sign(delivery.id(), timestamp, delivery.payload());
			HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.get().url()))
				.timeout(this.properties.webhooks().timeout())
				.header("Content-Type", "application/json")
				.header("User-Agent", "solidarity-alerts-webhooks")
				.header("webhook-id", delivery.id())
				.header("webhook-timestamp", Long.toString(timestamp))
				.header("webhook-signature", signature)
				.POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8))
				.build();
			HttpResponse<InputStream> response = this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
			status = response.statusCode();
			String excerpt;
			try (InputStream body = response.body()) {
				excerpt = new String(body.readNBytes(MAX_ERROR_LENGTH), StandardCharsets.UTF_8);
			}
			error = (status / 100 == 2) ? null : "HTTP " + status + (excerpt.isBlank() ? "" : ": " + excerpt);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		catch (IOException | RuntimeException | com.standardwebhooks.exceptions.WebhookSigningException ex) {
			error = ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
		}
		catch (com.standardwebhooks.exceptions.EmptyWebhookSecretException ex) {
			error = "The endpoint has no secret";
		}
		if (error != null) {
			failed(delivery, status, error);
			return;
		}
		// Accepted (2xx): recorded outside the call's handling, as MongoDB failing here
		// is not the endpoint's failure.
		this.store.delivered(delivery, this.clock.instant(), status);
		this.delivered.increment();
	}

	private void failed(WebhookDelivery delivery, @Nullable Integer status, String error) {
		String line = error.replaceAll("\\p{Cntrl}+", " ").strip();
		line = (line.length() > MAX_ERROR_LENGTH) ? line.substring(0, MAX_ERROR_LENGTH) : line;
		int attempts = delivery.attempts() + 1;
		Instant now = this.clock.instant();
		IngestProperties.Webhooks settings = this.properties.webhooks();
		Instant retryAt = (attempts < settings.maxAttempts()) ? now.plus(backoff(attempts, settings)) : null;
		this.store.failed(delivery, now, status, line, retryAt);
		if (retryAt != null) {
			this.failed.increment();
			logger.info("Webhook {} to endpoint {} failed (attempt {}): {}; trying again at {}", delivery.id(),
					delivery.endpointId(), attempts, line, retryAt);
		}
		else {
			this.givenUp.increment();
			logger.warn("Webhook {} to endpoint {} failed for the last time (attempt {}): {}", delivery.id(),
					delivery.endpointId(), attempts, line);
		}
	}

	/**
	 * The wait after a number of failed attempts: the initial backoff, doubled for each
	 * further attempt, at most the maximum.
	 * @param attempts failed attempts so far, from 1
	 * @param settings the webhook settings
	 * @return the wait
	 */
	static Duration backoff(int attempts, IngestProperties.Webhooks settings) {
		Duration wait = settings.initialBackoff();
		for (int i = 1; i < attempts && wait.compareTo(settings.maxBackoff()) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return (wait.compareTo(settings.maxBackoff()) > 0) ? settings.maxBackoff() : wait;
	}

	@Override
	public void destroy() {
		this.claimer.shutdownNow();
		this.callers.shutdownNow();
	}

}
