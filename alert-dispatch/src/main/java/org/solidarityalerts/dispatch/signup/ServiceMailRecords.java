package org.solidarityalerts.dispatch.signup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.MailEvent.ServiceMail;
import org.solidarityalerts.contract.MailEvent.ServiceMailRecorded;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.dispatch.subscriber.Subscriber;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * The records of service-mail attempts on {@code mail.events}, kept until Kafka takes
 * them. Each is written into the subscriber's document ({@value #FIELD}) in the same
 * write that records the attempt's outcome, published, and removed once Kafka has it; one
 * that Kafka did not take (an outage longer than the producer's delivery timeout, or an
 * instance that stopped first) is published again by a poller, with the same event id, so
 * the dashboard counts it once. The mail itself is never sent again for it.
 */
@Component
class ServiceMailRecords implements DisposableBean {

	static final String FIELD = "serviceMailRecords";

	private static final Logger logger = LoggerFactory.getLogger(ServiceMailRecords.class);

	/** Kafka's default delivery timeout, for a producer that does not set one. */
	private static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofMinutes(2);

	private final MongoTemplate mongo;

	private final KafkaTemplate<String, ContractEvent> kafka;

	private final DispatchProperties properties;

	private final Clock clock;

	/**
	 * How old a record must be to be published again: by then its first publication has
	 * succeeded or failed for good.
	 */
	private final Duration republishAfter;

	/**
	 * Publishes left-over records, waiting for Kafka to take each: a thread of its own,
	 * so that a Kafka outage holds up neither the service mails nor the scheduler.
	 */
	private final ExecutorService republishing = Executors
		.newSingleThreadExecutor(new CustomizableThreadFactory("service-mail-records-"));

	private final AtomicBoolean republishingNow = new AtomicBoolean();

	ServiceMailRecords(MongoTemplate mongo, KafkaTemplate<String, ContractEvent> kafka,
			ProducerFactory<String, ContractEvent> producers, DispatchProperties properties, Clock clock) {
		this.mongo = mongo;
		this.kafka = kafka;
		this.properties = properties;
		this.clock = clock;
		Object timeout = producers.getConfigurationProperties().get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
		this.republishAfter = ((timeout != null) ? Duration.ofMillis(Long.parseLong(timeout.toString()))
				: DEFAULT_DELIVERY_TIMEOUT)
			.plusSeconds(5);
	}

	/**
	 * A record of an attempt, to push into {@value #FIELD} with the write that records
	 * the attempt's outcome.
	 * @param mail which mail
	 * @param status the attempt's outcome
	 * @param attempt its number
	 * @param detail the reply or reason, never an address
	 * @return the record as stored
	 */
	Document of(ServiceMail mail, DeliveryStatus status, int attempt, String detail) {
		return new Document("eventId", EventId.random().toString()).append("mail", WireFormat.name(mail))
			.append("status", WireFormat.name(status))
			.append("attempt", attempt)
			.append("detail", detail)
			.append("at", Date.from(this.clock.instant()));
	}

	/**
	 * Publishes a stored record, and removes it from the subscriber's document once Kafka
	 * has it; does not wait.
	 * @param subscriber the subscriber
	 * @param record the record as stored
	 */
	void publish(SubscriberId subscriber, Document record) {
		// Not on the producer's network thread: the removal is a MongoDB write.
		send(subscriber, record).thenRunAsync(() -> published(subscriber, record), this.republishing);
	}

	/**
	 * Publishes again the records Kafka did not take, on a thread of its own, waiting for
	 * Kafka to take each; stops at the first it cannot, or when MongoDB does not answer,
	 * until the next poll.
	 */
	@Scheduled(initialDelayString = "${alert.dispatch.subscription.mail-poll:5s}",
			fixedDelayString = "${alert.dispatch.subscription.mail-poll:5s}")
	void republishLeftOver() {
		if (!this.republishingNow.compareAndSet(false, true)) {
			return;
		}
		try {
			this.republishing.execute(() -> {
				try {
					republish();
				}
				catch (DataAccessException ex) {
					// MongoDB away: the records stay with their subscribers until it is
					// back.
					logger.warn("Left-over service-mail records not read or cleared, MongoDB did not answer: {}",
							ex.getClass().getName());
				}
				finally {
					this.republishingNow.set(false);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.republishingNow.set(false);
		}
	}

	private void republish() {
		Date before = Date.from(this.clock.instant().minus(this.republishAfter));
		Query leftOver = Query.query(Criteria.where(FIELD + ".at").lte(before)).limit(100);
		leftOver.fields().include(FIELD);
		for (Document document : this.mongo.find(leftOver, Document.class, Subscriber.COLLECTION)) {
			SubscriberId subscriber = SubscriberId.parse(document.getString("_id"));
			for (Document record : document.getList(FIELD, Document.class, List.of())) {
				if (record.getDate("at").after(before)) {
					continue;
				}
				try {
					send(subscriber, record).get(this.republishAfter.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (Exception ex) {
					if (ex instanceof InterruptedException) {
						Thread.currentThread().interrupt();
					}
					logger.warn("Kafka did not take the left-over service-mail records yet: {}",
							ex.getClass().getName());
					return;
				}
				published(subscriber, record);
			}
		}
	}

	private java.util.concurrent.CompletableFuture<?> send(SubscriberId subscriber, Document stored) {
		ServiceMail mail = WireFormat.name(ServiceMail.ALREADY_SUBSCRIBED).equals(stored.getString("mail"))
				? ServiceMail.ALREADY_SUBSCRIBED : ServiceMail.CONFIRMATION;
		ServiceMailRecorded recorded = new ServiceMailRecorded(EventId.parse(stored.getString("eventId")),
				ContractEvent.SCHEMA_VERSION, stored.getDate("at").toInstant(), subscriber, mail,
				status(stored.getString("status")), stored.getInteger("attempt", 0), stored.getString("detail"));
		ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(Topics.MAIL_EVENTS, recorded.subject(),
				recorded);
		EventHeaders.write(record.headers(), recorded, this.properties.source());
		return this.kafka.send(record);
	}

	private void published(SubscriberId subscriber, Document record) {
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(subscriber.toString())),
				new Update().pull(FIELD, new Document("eventId", record.getString("eventId"))), Subscriber.COLLECTION);
	}

	private static DeliveryStatus status(String name) {
		for (DeliveryStatus status : DeliveryStatus.values()) {
			if (WireFormat.name(status).equals(name)) {
				return status;
			}
		}
		throw new IllegalStateException("Unknown delivery status " + name);
	}

	@Override
	public void destroy() throws InterruptedException {
		this.republishing.shutdownNow();
		this.republishing.awaitTermination(10, TimeUnit.SECONDS);
	}

}
