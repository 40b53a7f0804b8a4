package org.solidarityalerts.ingest;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.service.TopicReplication;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of alert-ingest, under {@code alert.ingest}.
 *
 * @param source the CloudEvents source written on every record this service produces
 * @param relay how the outbox relay publishes stored alerts onto Kafka
 * @param topics how the alert topics are created
 * @param limits how much one request and one API key may ask of the service
 * @param idempotency how long {@code Idempotency-Key}s are remembered
 * @param paging how alert lists are paged
 * @param bootstrap the first operator key, registered at start-up
 * @param archive the campaigns' public archive pages and Atom feeds
 * @param webhooks the organisations' outbound webhooks
 * @param preview how previews of alerts are rendered by dispatch and test sends limited
 */
@ConfigurationProperties("alert.ingest")
public record IngestProperties(@DefaultValue("/alert-ingest") String source, @DefaultValue Relay relay,
		@DefaultValue @NestedConfigurationProperty TopicReplication topics, @DefaultValue Limits limits,
		@DefaultValue Idempotency idempotency, @DefaultValue Paging paging, @DefaultValue Bootstrap bootstrap,
		@DefaultValue Archive archive, @DefaultValue Webhooks webhooks, @DefaultValue Preview preview) {

	/**
	 * The outbox relay.
	 *
	 * @param pollInterval how often to look for alerts that are due but unpublished (a
	 * new alert is published at once; polling catches embargoed alerts, and those left
	 * behind by a crash or a Kafka outage)
	 * @param lease how long one relay instance owns an alert while publishing it
	 * @param sendTimeout how long to wait for Kafka to acknowledge a record before trying
	 * again later
	 */
	public record Relay(@DefaultValue("1s") Duration pollInterval, @DefaultValue("30s") Duration lease,
			@DefaultValue("10s") Duration sendTimeout) {
	}

	/**
	 * Request limits.
	 *
	 * @param maxRequestSize the largest request body accepted; larger ones get 413
	 * @param requestsPerKey how many requests one API key may make per
	 * {@code ratePeriod}; more get 429 with {@code Retry-After}
	 * @param ratePeriod the period over which {@code requestsPerKey} refills, smoothly
	 */
	public record Limits(@DefaultValue("1MB") DataSize maxRequestSize, @DefaultValue("120") long requestsPerKey,
			@DefaultValue("1m") Duration ratePeriod) {
	}

	/**
	 * Idempotent posting.
	 *
	 * @param retention how long a key and its first response are kept (a Mongo TTL index
	 * removes them afterwards)
	 * @param lease how long a request that is being processed holds its key; after this a
	 * retry may take over, as the first request is presumed to have crashed
	 */
	public record Idempotency(@DefaultValue("24h") Duration retention, @DefaultValue("30s") Duration lease) {
	}

	/**
	 * Paging of alert lists.
	 *
	 * @param defaultSize the page size when none is asked for
	 * @param maxSize the largest page size that may be asked for
	 */
	public record Paging(@DefaultValue("20") int defaultSize, @DefaultValue("100") int maxSize) {
	}

	/**
	 * The first operator key, so that an operator can issue every other key through the
	 * admin API. Generate one with {@code openssl}, as documented in the README, and keep
	 * it secret; it is registered (hashed) at start-up unless already registered.
	 *
	 * @param operatorKey a key of the form {@code sa_<12 letters or digits>_<43 base64url
	 * characters>}, or absent
	 * @param organisation the organisation the operator key acts for
	 */
	public record Bootstrap(@Nullable String operatorKey, @DefaultValue("operators") String organisation) {
	}

	/**
	 * The public archive of each campaign's published alerts and its Atom feed.
	 *
	 * @param publicUrl the address the public reaches this service at (e.g.
	 * {@code https://alerts.example.org}), written into the feeds' links; when absent,
	 * the links are made from each request's own address
	 * @param entries how many alerts a campaign's page and feed show, newest first
	 * @param cacheSeconds how long browsers and feed readers may keep a page or feed
	 * before asking again (they revalidate with its ETag)
	 */
	public record Archive(@Nullable URI publicUrl, @DefaultValue("50") int entries,
			@DefaultValue("60") int cacheSeconds) {
	}

	/**
	 * Outbound webhooks: signed calls to organisations' endpoints when their alerts are
	 * published, when a version's fan-out finishes and when their actions' totals change.
	 *
	 * @param allowHttp whether endpoints may be plain {@code http://} addresses; only for
	 * the local stack and tests, never in production
	 * @param pollInterval how often the sender looks for deliveries that are due
	 * @param timeout how long one call may take, connecting included
	 * @param initialBackoff the wait after a first failed attempt, doubled after each
	 * further one
	 * @param maxBackoff the longest wait between two attempts
	 * @param maxAttempts after this many failed attempts a delivery is given up (it stays
	 * listed as failed)
	 * @param lease how long one instance owns a delivery while calling its endpoint
	 * @param maxEndpoints how many endpoints one organisation may register
	 * @param allowPrivateAddresses whether endpoints may resolve to loopback and private
	 * (site-local, unique-local, shared) addresses; only for the local stack and tests,
	 * never in production (link-local, cloud metadata, multicast and unspecified
	 * addresses are refused even then)
	 * @param actionsInterval the shortest time between two {@code alert.actions.changed}
	 * calls about one alert: changes within it are coalesced into one trailing call
	 */
	public record Webhooks(@DefaultValue("false") boolean allowHttp, @DefaultValue("1s") Duration pollInterval,
			@DefaultValue("10s") Duration timeout, @DefaultValue("30s") Duration initialBackoff,
			@DefaultValue("1h") Duration maxBackoff, @DefaultValue("12") int maxAttempts,
			@DefaultValue("1m") Duration lease, @DefaultValue("10") int maxEndpoints,
			@DefaultValue("false") boolean allowPrivateAddresses, @DefaultValue("60s") Duration actionsInterval) {
	}

	/**
	 * Previews: ingest asks dispatch's internal preview API to render an alert for a
	 * reader, so that organisers see what the mail code of real deliveries writes.
	 *
	 * @param dispatchUrl where dispatch's internal API is reached (not its public
	 * address)
	 * @param token the service token dispatch expects
	 * ({@code alert.dispatch.preview.token}); without it previews are refused as
	 * unavailable
	 * @param timeout how long a call to dispatch may take, connecting included
	 * @param testSendsPerMinute test sends one organisation may make per minute; more get
	 * 429 with {@code Retry-After}
	 */
	public record Preview(@DefaultValue("http://localhost:8081") URI dispatchUrl, @Nullable String token,
			@DefaultValue("10s") Duration timeout, @DefaultValue("3") int testSendsPerMinute) {
	}

}
