package org.solidarityalerts.dispatch.messaging;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.DispatchProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The retry topics of dispatch, one per distinct delay of the retry schedule (a "tier"),
 * plus {@link Topics#DELIVERY_RETRIES} for what is due now. Every record on a tier is due
 * the tier's delay after it was published, so each partition is in due order: a record
 * that waits an hour never sits in front of one that waits thirty seconds.
 */
@Component
public class RetryTiers {

	private final DispatchProperties.Delivery policy;

	private final List<Tier> tiers;

	@Autowired
	RetryTiers(DispatchProperties properties) {
		this(properties.delivery());
	}

	/**
	 * The tiers of a retry schedule.
	 * @param policy the schedule
	 */
	public RetryTiers(DispatchProperties.Delivery policy) {
		this.policy = policy;
		TreeSet<Duration> delays = new TreeSet<>();
		for (int attempt = 2; attempt <= policy.maxAttempts(); attempt++) {
			Duration delay = policy.retryAfter(attempt);
			if (delay.isPositive()) {
				delays.add(delay);
			}
		}
		this.tiers = delays.stream().map((delay) -> new Tier(delay, Topics.deliveryRetryTier(delay))).toList();
	}

	/**
	 * Every tier, shortest delay first.
	 * @return the tiers
	 */
	public List<Tier> all() {
		return this.tiers;
	}

	/**
	 * Every topic the retry listener reads: the due-now topic and every tier.
	 * @return the topic names
	 */
	public String[] topics() {
		return Stream.concat(Stream.of(Topics.DELIVERY_RETRIES), this.tiers.stream().map(Tier::topic))
			.toArray(String[]::new);
	}

	/**
	 * The tier of an attempt, which waits {@code retryAfter(attempt)}.
	 * @param attempt the attempt about to be scheduled, from 2
	 * @return its tier, or the due-now topic with no delay if the schedule has none
	 */
	public Tier forAttempt(int attempt) {
		return forWait(this.policy.retryAfter(attempt));
	}

	/**
	 * The tier for something that must wait a while: the smallest tier whose delay is at
	 * least the wait, else the longest tier (which looks at it again sooner than asked);
	 * the due-now topic for no wait at all.
	 * @param wait the wait still needed
	 * @return the tier
	 */
	public Tier forWait(Duration wait) {
		if (!wait.isPositive() || this.tiers.isEmpty()) {
			return new Tier(Duration.ZERO, Topics.DELIVERY_RETRIES);
		}
		for (Tier tier : this.tiers) {
			if (tier.delay().compareTo(wait) >= 0) {
				return tier;
			}
		}
		return this.tiers.getLast();
	}

	/**
	 * Whether a topic is one of the retry topics.
	 * @param topic a topic name
	 * @return true for the due-now topic and every tier
	 */
	public boolean isRetryTopic(String topic) {
		return Topics.DELIVERY_RETRIES.equals(topic)
				|| this.tiers.stream().anyMatch((tier) -> tier.topic().equals(topic));
	}

	/**
	 * A retry topic and the delay after which its records are due.
	 *
	 * @param delay the wait from publishing to due; zero for the due-now topic
	 * @param topic the topic
	 */
	public record Tier(Duration delay, String topic) {
	}

}
