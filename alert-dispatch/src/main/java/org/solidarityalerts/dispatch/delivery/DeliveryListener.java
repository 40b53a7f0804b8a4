package org.solidarityalerts.dispatch.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryBatchRequested;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryRecorded;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.dispatch.alert.ReceivedAlerts;
import org.solidarityalerts.dispatch.delivery.DeliveryLedger.Outcome;
import org.solidarityalerts.dispatch.mail.MailComposer;
import org.solidarityalerts.dispatch.mail.OutgoingMail;
import org.solidarityalerts.dispatch.mail.SendOutcome;
import org.solidarityalerts.dispatch.mail.SmtpSender;
import org.solidarityalerts.dispatch.messaging.PoisonRecordException;
import org.solidarityalerts.dispatch.subscriber.Recipient;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.dispatch.subscriber.SubscriberStore;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends recipient batches. Urgent and bulk batches have listener containers and consumer
 * groups of their own, so a bulk backlog never delays an urgent action. Within a batch:
 * skip who may not be mailed, claim the rest in the ledger, send over one SMTP session,
 * record and publish each outcome.
 */
@Component
class DeliveryListener {

	private static final Logger logger = LoggerFactory.getLogger(DeliveryListener.class);

	private final ReceivedAlerts alerts;

	private final SubscriberStore subscribers;

	private final DeliveryLedger ledger;

	private final MailComposer composer;

	private final SmtpSender sender;

	private final KafkaTemplate<String, ContractEvent> kafka;

	private final DispatchProperties properties;

	private final Clock clock;

	DeliveryListener(ReceivedAlerts alerts, SubscriberStore subscribers, DeliveryLedger ledger, MailComposer composer,
			SmtpSender sender, KafkaTemplate<String, ContractEvent> kafka, DispatchProperties properties, Clock clock) {
		this.alerts = alerts;
		this.subscribers = subscribers;
		this.ledger = ledger;
		this.composer = composer;
		this.sender = sender;
		this.kafka = kafka;
		this.properties = properties;
		this.clock = clock;
	}

	@KafkaListener(id = "deliveries-urgent", groupId = "alert-dispatch.deliveries-urgent",
			topics = Topics.DELIVERIES_URGENT, concurrency = "${alert.dispatch.listeners.urgent-concurrency:2}")
	void urgent(ContractEvent event) {
		deliver(event);
	}

	@KafkaListener(id = "deliveries-bulk", groupId = "alert-dispatch.deliveries-bulk", topics = Topics.DELIVERIES_BULK,
			concurrency = "${alert.dispatch.listeners.bulk-concurrency:2}")
	void bulk(ContractEvent event) {
		deliver(event);
	}

	private void deliver(ContractEvent event) {
		if (!(event instanceof DeliveryBatchRequested batch)) {
			throw new PoisonRecordException("Expected a delivery batch, got " + event.type());
		}
		if (batch.schemaVersion() != ContractEvent.SCHEMA_VERSION) {
			throw new PoisonRecordException("Unsupported schema version " + batch.schemaVersion());
		}
		AlertVersion version = batch.alertVersion();
		AlertEvent alertEvent = this.alerts.find(version)
			.orElseThrow(() -> new PoisonRecordException("Unknown alert version " + version));
		AlertSnapshot alert = alertEvent.alert();
		Instant now = this.clock.instant();
		List<Outcome> outcomes = new ArrayList<>(batch.subscribers().size());
		if (alert.expiresAt() != null && !now.isBefore(alert.expiresAt())) {
			batch.subscribers().forEach((id) -> outcomes.add(new Outcome(id, DeliveryStatus.SKIPPED, "expired")));
			finish(version, outcomes, batch.attempt());
			return;
		}
		Map<SubscriberId, Recipient> mailable = new LinkedHashMap<>();
		for (Recipient recipient : this.subscribers.recipients(batch.subscribers())) {
			if (recipient.status() == SubscriberStatus.CONFIRMED) {
				mailable.put(recipient.id(), recipient);
			}
			else {
				outcomes.add(new Outcome(recipient.id(),
						(recipient.status() == SubscriberStatus.SUPPRESSED) ? DeliveryStatus.SUPPRESSED
								: DeliveryStatus.SKIPPED,
						"subscriber is " + recipient.status().name().toLowerCase(java.util.Locale.ROOT)));
			}
		}
		List<SubscriberId> claimed = this.ledger.claim(version, List.copyOf(mailable.keySet()));
		List<OutgoingMail> mails = new ArrayList<>(claimed.size());
		for (SubscriberId id : claimed) {
			mails.add(this.composer.compose(alert, mailable.get(id), now));
		}
		for (SendOutcome sent : this.sender.send(mails)) {
			outcomes.add(new Outcome(sent.subscriber(), sent.status(), sent.detail()));
		}
		finish(version, outcomes, batch.attempt());
		logger.debug("Batch {} of {}: {} claimed of {}", batch.batch(), version, claimed.size(),
				batch.subscribers().size());
	}

	private void finish(AlertVersion version, List<Outcome> outcomes, int attempt) {
		this.ledger.record(version, outcomes);
		Instant now = this.clock.instant();
		for (Outcome outcome : outcomes) {
			DeliveryRecorded recorded = new DeliveryRecorded(EventId.random(), ContractEvent.SCHEMA_VERSION, now,
					version, outcome.subscriber(), outcome.status(), attempt, outcome.detail());
			ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(Topics.DELIVERY_OUTCOMES,
					version.alertId().toString(), recorded);
			EventHeaders.write(record.headers(), recorded, this.properties.source());
			this.kafka.send(record);
		}
	}

}
