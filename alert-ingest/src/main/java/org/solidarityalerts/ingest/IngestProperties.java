package org.solidarityalerts.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of alert-ingest, under {@code alert.ingest}.
 *
 * @param source the CloudEvents source written on every record this service produces
 * @param relay how the outbox relay publishes stored alerts onto Kafka
 * @param topics how the alert topics are created
 */
@ConfigurationProperties("alert.ingest")
public record IngestProperties(@DefaultValue("/alert-ingest") String source, @DefaultValue Relay relay,
		@DefaultValue Topics topics) {

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
	 * Topic creation.
	 *
	 * @param replicationFactor replicas of each partition (3 in production)
	 */
	public record Topics(@DefaultValue("1") short replicationFactor) {
	}

}
