package org.solidarityalerts.dispatch.digest;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.alert.ReceivedAlerts;
import org.solidarityalerts.dispatch.alert.ReceivedAlerts.AlertState;
import org.solidarityalerts.dispatch.mail.MailComposer;
import org.solidarityalerts.dispatch.mail.SendOutcome;
import org.solidarityalerts.dispatch.mail.SmtpSender;
import org.solidarityalerts.dispatch.subscriber.Cadence;
import org.solidarityalerts.dispatch.subscriber.Recipient;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.dispatch.subscriber.SubscriberStore;
import org.solidarityalerts.dispatch.subscriber.SubscriberStore.DigestSchedule;

import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends each waiting subscriber one digest per period, at the configured hour in their
 * time zone (or as soon after it as this runs). A subscriber's period is claimed with one
 * atomic write, so two dispatch instances never both send it; an alert cancelled, expired
 * or superseded since it was added is left out.
 */
@Component
class DigestSender {

	static final String PERIODS = "digest_periods";

	private static final Logger logger = LoggerFactory.getLogger(DigestSender.class);

	private final DigestItems items;

	private final SubscriberStore subscribers;

	private final ReceivedAlerts alerts;

	private final MailComposer composer;

	private final SmtpSender sender;

	private final MongoTemplate mongo;

	private final DigestProperties properties;

	private final Clock clock;

	DigestSender(DigestItems items, SubscriberStore subscribers, ReceivedAlerts alerts, MailComposer composer,
			SmtpSender sender, MongoTemplate mongo, DigestProperties properties, Clock clock) {
		this.items = items;
		this.subscribers = subscribers;
		this.alerts = alerts;
		this.composer = composer;
		this.sender = sender;
		this.mongo = mongo;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${alert.dispatch.digest.poll-interval:5m}",
			initialDelayString = "${alert.dispatch.digest.poll-interval:5m}")
	void poll() {
		int sent = sendDue(this.clock.instant());
		if (sent > 0) {
			logger.info("Sent {} digest(s)", sent);
		}
	}

	/**
	 * Sends every digest that is due.
	 * @param now the current time
	 * @return how many digests were sent
	 */
	int sendDue(Instant now) {
		List<String> waiting = new ArrayList<>();
		this.items.streamWaitingSubscribers(waiting::add);
		AtomicInteger sent = new AtomicInteger();
		for (String subscriberId : waiting) {
			if (sendIfDue(subscriberId, now)) {
				sent.incrementAndGet();
			}
		}
		return sent.get();
	}

	private boolean sendIfDue(String subscriberId, Instant now) {
		SubscriberId id = SubscriberId.parse(subscriberId);
		DigestSchedule schedule = this.subscribers.digestSchedule(id);
		String digest = subscriberId + ":" + now.toEpochMilli();
		if (schedule == null) {
			this.items.claim(subscriberId, digest, Integer.MAX_VALUE);
			this.items.finish(subscriberId, digest, "subscriber no longer exists");
			return false;
		}
		Instant period = periodStart(schedule, now);
		if (period != null && !claimPeriod(subscriberId, period)) {
			return false;
		}
		List<AlertVersion> versions = this.items.claim(subscriberId, digest, this.properties.maxItems());
		List<AlertEvent> events = new ArrayList<>();
		for (AlertVersion version : versions) {
			this.alerts.find(version).filter((event) -> stillWorthSending(event, now)).ifPresent(events::add);
		}
		Recipient recipient = this.subscribers.recipients(List.of(id)).stream().findFirst().orElse(null);
		if (events.isEmpty() || recipient == null || recipient.status() != SubscriberStatus.CONFIRMED) {
			this.items.finish(subscriberId, digest, "nothing to send");
			return false;
		}
		SendOutcome outcome;
		try (SmtpSender.SmtpSession session = this.sender.open()) {
			outcome = session.send(this.composer.composeDigest(recipient, events, digest, now));
		}
		if (outcome.status() == DeliveryStatus.DEFERRED) {
			this.items.release(subscriberId, digest);
			if (period != null) {
				releasePeriod(subscriberId, period);
			}
			return false;
		}
		this.items.finish(subscriberId, digest, (outcome.status() == DeliveryStatus.SENT) ? "sent" : outcome.detail());
		return outcome.status() == DeliveryStatus.SENT;
	}

	private boolean stillWorthSending(AlertEvent event, Instant now) {
		if (event instanceof AlertEvent.AlertCancelled) {
			return false;
		}
		if (event.alert().expiresAt() != null && !now.isBefore(event.alert().expiresAt())) {
			return false;
		}
		AlertState state = this.alerts.state(event.alertId());
		return !state.cancelled() && state.latestVersion() <= event.alert().version();
	}

	/**
	 * The start of the subscriber's current digest period: the latest digest hour that
	 * has passed, daily or on the weekly day, in their time zone. Null for a subscriber
	 * who now wants alerts at once: their waiting items go now.
	 */
	private @Nullable Instant periodStart(DigestSchedule schedule, Instant now) {
		if (schedule.cadence() == Cadence.IMMEDIATE) {
			return null;
		}
		ZoneId zone = zone(schedule.timeZone());
		ZonedDateTime local = now.atZone(zone);
		LocalDate day = local.toLocalDate();
		if (schedule.cadence() == Cadence.WEEKLY) {
			day = day.with(TemporalAdjusters.previousOrSame(this.properties.weeklyOn()));
		}
		ZonedDateTime start = day.atTime(this.properties.hour(), 0).atZone(zone);
		if (start.isAfter(local)) {
			start = (schedule.cadence() == Cadence.WEEKLY) ? start.minusWeeks(1) : start.minusDays(1);
		}
		return start.toInstant();
	}

	private boolean claimPeriod(String subscriberId, Instant period) {
		try {
			return this.mongo.findAndModify(
					Query.query(Criteria.where("_id")
						.is(subscriberId)
						.orOperator(Criteria.where("lastPeriod").isNull(), Criteria.where("lastPeriod").lt(period))),
					Update.update("lastPeriod", period), FindAndModifyOptions.options().upsert(true).returnNew(true),
					org.bson.Document.class, PERIODS) != null;
		}
		catch (org.springframework.dao.DuplicateKeyException ex) {
			return false;
		}
	}

	private void releasePeriod(String subscriberId, Instant period) {
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(subscriberId).and("lastPeriod").is(period)),
				new Update().unset("lastPeriod"), PERIODS);
	}

	private static ZoneId zone(@Nullable String timeZone) {
		try {
			return (timeZone != null) ? ZoneId.of(timeZone) : ZoneOffset.UTC;
		}
		catch (RuntimeException ex) {
			return ZoneOffset.UTC;
		}
	}

}
