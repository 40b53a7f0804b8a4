package org.solidarityalerts.dispatch.messaging;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partitions and retention of each topic come from properties; dead-letter topics keep
 * their records 90 days unless told otherwise.
 */
class TopicSettingsTests {

	@Test
	void deadLetterTopicsKeepTheirRecordsNinetyDaysByDefault() {
		TopicSettings settings = bind(new MockEnvironment());
		assertThat(settings.configOf("deliveries.dlt", true)).containsEntry("retention.ms",
				Long.toString(Duration.ofDays(90).toMillis()));
		assertThat(settings.configOf("alerts.urgent", false)).isEmpty();
		assertThat(settings.partitionsOf("alerts.urgent", 6)).isEqualTo(6);
	}

	@Test
	void partitionsAndRetentionOfANamedTopicAreConfigured() {
		TopicSettings settings = bind(
				new MockEnvironment().withProperty("alert.dispatch.kafka-topics.partitions[alerts.urgent]", "12")
					.withProperty("alert.dispatch.kafka-topics.retention[delivery.outcomes]", "30d")
					.withProperty("alert.dispatch.kafka-topics.dead-letter-retention", "180d"));
		assertThat(settings.partitionsOf("alerts.urgent", 6)).isEqualTo(12);
		assertThat(settings.configOf("delivery.outcomes", false))
			.isEqualTo(Map.of("retention.ms", Long.toString(Duration.ofDays(30).toMillis())));
		assertThat(settings.configOf("alerts.urgent.dlt", true)).containsEntry("retention.ms",
				Long.toString(Duration.ofDays(180).toMillis()));
	}

	private static TopicSettings bind(MockEnvironment environment) {
		return Binder.get(environment).bindOrCreate("alert.dispatch.kafka-topics", TopicSettings.class);
	}

}
