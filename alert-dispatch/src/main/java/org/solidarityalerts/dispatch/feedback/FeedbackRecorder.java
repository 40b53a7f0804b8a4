package org.solidarityalerts.dispatch.feedback;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.MailEvent;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.dispatch.operations.DispatchMetrics;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.dispatch.subscriber.SuppressionList;

import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Acts on a genuine report and publishes it: a hard bounce suppresses the address; soft
 * bounces are counted on the subscriber's document (the last few times, in one atomic
 * write) and suppress once {@code soft-bounce-limit} of them fell within
 * {@code soft-bounce-window}; a complaint unsubscribes, suppresses and is counted; an
 * unsubscribe by mail was already carried out by its token. Every report becomes a
 * {@link MailEvent.FeedbackReceived} on {@code mail.events}.
 */
@Component
class FeedbackRecorder {

	private static final Logger logger = LoggerFactory.getLogger(FeedbackRecorder.class);

	private static final String SUBSCRIBERS = "subscribers";

	private final MongoTemplate mongo;

	private final SuppressionList suppressions;

	private final KafkaTemplate<String, ContractEvent> kafka;

	private final FeedbackProperties properties;

	private final DispatchProperties dispatch;

	private final Clock clock;

	private final DispatchMetrics metrics;

	FeedbackRecorder(MongoTemplate mongo, SuppressionList suppressions, KafkaTemplate<String, ContractEvent> kafka,
			FeedbackProperties properties, DispatchProperties dispatch, Clock clock, DispatchMetrics metrics) {
		this.metrics = metrics;
		this.mongo = mongo;
		this.suppressions = suppressions;
		this.kafka = kafka;
		this.properties = properties;
		this.dispatch = dispatch;
		this.clock = clock;
	}

	/**
	 * Acts on a report about a subscriber named by a token, and publishes it.
	 * @param report the report
	 */
	void record(Report report) {
		count(report.feedback());
		Instant now = this.clock.instant();
		switch (report.feedback()) {
			case HARD_BOUNCE -> suppress(report.subscriber(), "hard-bounce");
			case SOFT_BOUNCE -> softBounce(report.subscriber(), now);
			case COMPLAINT -> complaint(report.subscriber());
			case UNSUBSCRIBE -> {
				// The token unsubscribed them already.
			}
		}
		publish(report, now);
	}

	/**
	 * Acts on a report of a mail provider, which names the address, and publishes it. An
	 * address no subscriber has is suppressed all the same, and not published.
	 * @param email the address reported on
	 * @param report the report, with any subscriber id
	 */
	void recordAddress(String email, ProviderReport report) {
		count(report.feedback());
		SubscriberId subscriber = subscriberOf(email);
		if (subscriber == null) {
			if (report.feedback() == MailEvent.Feedback.HARD_BOUNCE
					|| report.feedback() == MailEvent.Feedback.COMPLAINT) {
				this.suppressions.suppress(email,
						(report.feedback() == MailEvent.Feedback.COMPLAINT) ? "complaint" : "hard-bounce");
			}
			return;
		}
		if (report.feedback() == MailEvent.Feedback.UNSUBSCRIBE) {
			this.mongo.updateFirst(
					Query.query(Criteria.where("_id")
						.is(subscriber.toString())
						.and("status")
						.in(SubscriberStatus.PENDING.name(), SubscriberStatus.CONFIRMED.name())),
					Update.update("status", SubscriberStatus.UNSUBSCRIBED.name()).unset("confirmationNonce"),
					SUBSCRIBERS);
		}
		record(new Report(subscriber,
				MessageIdVersions.versionOf(report.messageId(), subscriber, this.dispatch.mail().listId()),
				report.feedback(), report.source(), report.detail()));
	}

	private @Nullable SubscriberId subscriberOf(String email) {
		Query query = Query
			.query(Criteria.where("emailKey").is(org.solidarityalerts.dispatch.subscriber.Subscriber.keyOf(email)));
		query.fields().include("_id");
		Document found = this.mongo.findOne(query, Document.class, SUBSCRIBERS);
		return (found != null) ? SubscriberId.parse(found.getString("_id")) : null;
	}

	private void suppress(SubscriberId subscriber, String reason) {
		Query query = Query.query(Criteria.where("_id").is(subscriber.toString()));
		query.fields().include("email");
		Document found = this.mongo.findOne(query, Document.class, SUBSCRIBERS);
		if (found != null && found.getString("email") != null) {
			this.suppressions.suppress(found.getString("email"), reason);
		}
		else {
			logger.info("Subscriber {} is no longer stored; nothing to suppress", subscriber);
		}
	}

	/**
	 * Keeps the times of the last {@code soft-bounce-limit} soft bounces on the
	 * subscriber's document, in one atomic write, and suppresses when all of them fell
	 * within the window.
	 */
	private void softBounce(SubscriberId subscriber, Instant now) {
		int limit = this.properties.softBounceLimit();
		Update update = new Update().push("feedback.softBounces").slice(-limit).each(Date.from(now));
		Document updated = this.mongo.findAndModify(Query.query(Criteria.where("_id").is(subscriber.toString())),
				update, FindAndModifyOptions.options().returnNew(true), Document.class, SUBSCRIBERS);
		if (updated == null) {
			return;
		}
		Document feedback = updated.get("feedback", Document.class);
		List<Date> times = (feedback != null) ? feedback.getList("softBounces", Date.class, List.of()) : List.of();
		Instant since = now.minus(this.properties.softBounceWindow());
		long recent = times.stream().filter((time) -> !time.toInstant().isBefore(since)).count();
		if (recent >= limit && updated.getString("email") != null) {
			this.suppressions.suppress(updated.getString("email"), "soft-bounces");
		}
	}

	private void complaint(SubscriberId subscriber) {
		Query query = Query.query(Criteria.where("_id").is(subscriber.toString()));
		query.fields().include("email");
		Document found = this.mongo.findAndModify(query,
				new Update().inc("feedback.complaints", 1)
					.set("status", SubscriberStatus.UNSUBSCRIBED.name())
					.unset("confirmationNonce"),
				FindAndModifyOptions.options().returnNew(true), Document.class, SUBSCRIBERS);
		if (found != null && found.getString("email") != null) {
			this.suppressions.suppress(found.getString("email"), "complaint");
		}
	}

	/**
	 * Counts bounces and complaints for the metrics operators watch.
	 */
	private void count(MailEvent.Feedback feedback) {
		switch (feedback) {
			case HARD_BOUNCE, SOFT_BOUNCE -> this.metrics.bounce();
			case COMPLAINT -> this.metrics.complaint();
			case UNSUBSCRIBE -> {
			}
		}
	}

	private void publish(Report report, Instant now) {
		MailEvent.FeedbackReceived event = new MailEvent.FeedbackReceived(EventId.random(),
				ContractEvent.SCHEMA_VERSION, now, report.subscriber(), report.alertVersion(), report.feedback(),
				report.source(), report.detail());
		ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(Topics.MAIL_EVENTS,
				report.subscriber().toString(), event);
		EventHeaders.write(record.headers(), event, this.dispatch.source());
		this.kafka.send(record).join();
		logger.info("{} ({}) for subscriber {}: {}", report.feedback(), report.source(), report.subscriber(),
				report.detail());
	}

	/**
	 * A mail provider's report, which names the address.
	 *
	 * @param feedback what was reported
	 * @param source which provider
	 * @param detail the status code or feedback type, never an address
	 * @param messageId the Message-ID of the message reported on, if given
	 */
	record ProviderReport(MailEvent.Feedback feedback, MailEvent.FeedbackSource source, @Nullable String detail,
			@Nullable String messageId) {
	}

}
