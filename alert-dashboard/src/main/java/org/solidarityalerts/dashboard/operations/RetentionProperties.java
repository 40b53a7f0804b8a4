package org.solidarityalerts.dashboard.operations;

import java.time.Duration;
import java.util.List;

import org.solidarityalerts.service.Retention;
import org.solidarityalerts.service.Retention.Rule;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the dashboard keeps its read models, under {@code alert.dashboard.retention}.
 * They are rebuilt from Kafka only as far back as the topics reach, so an old fan-out
 * vanishes from the board once forgotten; the per-subscriber outcomes go first, as they
 * say who got which campaign's alert.
 *
 * @param fanOuts how long an alert and its fan-out stay on the board after it was posted
 * @param outcomes how long each subscriber's outcome is kept
 * @param minutes how long the per-minute counts behind the charts are kept
 * @param seenEvents how long the ids of events already counted are kept (longer than any
 * topic's retention, so that no event is counted twice)
 * @param purgeInterval how often expired documents are deleted
 */
@ConfigurationProperties("alert.dashboard.retention")
public record RetentionProperties(@DefaultValue("180d") Duration fanOuts, @DefaultValue("30d") Duration outcomes,
		@DefaultValue("7d") Duration minutes, @DefaultValue("30d") Duration seenEvents,
		@DefaultValue("1h") Duration purgeInterval) implements Retention.Policy {

	@Override
	public List<Rule> rules() {
		return List.of(new Rule("dashboard_alerts", "postedAt", this.fanOuts),
				new Rule("dashboard_fanouts", "postedAt", this.fanOuts),
				new Rule("dashboard_outcomes", "at", this.outcomes),
				new Rule("dashboard_minutes", "minute", this.minutes),
				new Rule("dashboard_seen_events", "at", this.seenEvents));
	}

}
