package org.solidarityalerts.dispatch.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.Action;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryBatchRequested;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.dispatch.alert.ReceivedAlerts;
import org.solidarityalerts.dispatch.alert.ReceivedAlerts.AlertState;
import org.solidarityalerts.dispatch.control.FanOutControls;
import org.solidarityalerts.dispatch.control.HeldBatches;
import org.solidarityalerts.dispatch.delivery.DeliveryLedger.Claim;
import org.solidarityalerts.dispatch.delivery.DeliveryLedger.Outcome;
import org.solidarityalerts.dispatch.embassy.Embassy;
import org.solidarityalerts.dispatch.embassy.EmbassyDirectory;
import org.solidarityalerts.dispatch.mail.MailComposer;
import org.solidarityalerts.dispatch.mail.OutgoingMail;
import org.solidarityalerts.dispatch.mail.SendOutcome;
import org.solidarityalerts.dispatch.mail.SmtpSender;
import org.solidarityalerts.dispatch.mail.SmtpSender.SmtpSession;
import org.solidarityalerts.dispatch.operations.DispatchMetrics;
import org.solidarityalerts.dispatch.messaging.PoisonRecordException;
import org.solidarityalerts.dispatch.messaging.RetryTiers;
import org.solidarityalerts.dispatch.subscriber.Recipient;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.dispatch.subscriber.SubscriberStore;
import org.solidarityalerts.dispatch.subscriber.SuppressionList;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends one recipient batch: leaves out who may not be mailed, claims the rest in the
 * ledger, stops if the alert expired, was cancelled or was superseded, sends over one
 * SMTP connection, and reports every outcome. A paused fan-out's batch is held until an
 * operator resumes or cancels it. Deferred recipients, and those whose claim another
 * instance still holds, go to the retry tier of their wait; after the last attempt, and
 * when a stopped instance left a message in doubt, they go to the dead-letter topic, from
 * which an operator can re-drive them. A batch is done when Kafka has taken everything it
 * publishes; one that fails part-way is read again, and then finds in the ledger what it
 * sent, publishes those outcomes again and writes the dead letters it could not.
 */
@Component
class DeliveryService {

	static final String DEAD_LETTERS = Topics.deadLetterOf(Topics.DELIVERY_RETRIES);

	static final String REASON_HEADER = "alert_dlt-reason";

	/**
	 * Replies that say the mailbox does not exist: the address is suppressed. Other 5xx
	 * replies only fail.
	 */
	static final Set<String> HARD_BOUNCES = Set.of("SMTP 550", "SMTP 551", "SMTP 553");

	private static final Logger logger = LoggerFactory.getLogger(DeliveryService.class);

	private final ReceivedAlerts alerts;

	private final SubscriberStore subscribers;

	private final DeliveryLedger ledger;

	private final MailComposer composer;

	private final EmbassyDirectory embassies;

	private final SuppressionList suppressions;

	private final SmtpSender sender;

	private final KafkaTemplate<String, ContractEvent> kafka;

	private final DispatchProperties properties;

	private final Clock clock;

	private final FanOutControls controls;

	private final HeldBatches held;

	private final RetryTiers tiers;

	private final DispatchMetrics metrics;

	private final OutcomePublisher outcomes;

	DeliveryService(ReceivedAlerts alerts, SubscriberStore subscribers, DeliveryLedger ledger, MailComposer composer,
			EmbassyDirectory embassies, SuppressionList suppressions, SmtpSender sender,
			KafkaTemplate<String, ContractEvent> kafka, DispatchProperties properties, Clock clock,
			FanOutControls controls, HeldBatches held, RetryTiers tiers, DispatchMetrics metrics,
			OutcomePublisher outcomes) {
		this.metrics = metrics;
		this.outcomes = outcomes;
		this.alerts = alerts;
		this.subscribers = subscribers;
		this.ledger = ledger;
		this.composer = composer;
		this.embassies = embassies;
		this.suppressions = suppressions;
		this.sender = sender;
		this.kafka = kafka;
		this.properties = properties;
		this.clock = clock;
		this.controls = controls;
		this.held = held;
		this.tiers = tiers;
	}

	/**
	 * Checks that a record is a delivery batch this build understands.
	 * @param event the record's event
	 * @return the batch
	 */
	static DeliveryBatchRequested batchOf(ContractEvent event) {
		if (!(event instanceof DeliveryBatchRequested batch)) {
			throw new PoisonRecordException("Expected a delivery batch, got " + event.type());
		}
		if (!ContractEvent.accepts(batch.schemaVersion())) {
			throw new PoisonRecordException("Unsupported schema version " + batch.schemaVersion());
		}
		return batch;
	}

	void deliver(DeliveryBatchRequested batch) {
		AlertVersion version = batch.alertVersion();
		AlertEvent event = this.alerts.find(version)
			.orElseThrow(() -> new PoisonRecordException("Unknown alert version " + version));
		Instant now = this.clock.instant();
		FanOutControls.Control control = this.controls.of(version);
		if (control.paused() && !control.cancelled()) {
			this.held.hold(batch);
			return;
		}
		List<Outcome> outcomes = new ArrayList<>(batch.subscribers().size());
		Map<SubscriberId, Recipient> mailable = mailable(batch, outcomes);
		this.ledger.recordUnclaimed(version, outcomes);
		DispatchProperties.Delivery policy = this.properties.delivery();
		Claim claim = this.ledger.claim(version, List.copyOf(mailable.keySet()), batch.redrive(),
				policy.claimTimeout());
		List<Outcome> claimed = new ArrayList<>(claim.owned().size());
		String stop = control.cancelled() ? FanOutControls.Control.CANCELLED_REASON : stopReason(event, now);
		if (stop != null) {
			claim.owned().forEach((id) -> claimed.add(new Outcome(id, OutcomeStatus.SKIPPED, stop)));
			this.ledger.record(version, claimed);
		}
		else {
			send(event, claim, mailable, now, claimed);
		}
		SortedOutcomes sorted = SortedOutcomes.of(claimed, HARD_BOUNCES);
		for (Outcome bounce : sorted.hardBounces()) {
			this.suppressions.suppress(mailable.get(bounce.subscriber()).email(), "hard bounce, " + bounce.detail());
		}
		if (!sorted.deferred().isEmpty()) {
			retryOrGiveUp(batch, sorted.deferred(), claimed, now);
		}
		if (!sorted.inDoubt().isEmpty()) {
			deadLetter(batch, sorted.inDoubt(), now, SmtpSender.IN_DOUBT);
		}
		if (!claim.inDoubt().isEmpty()) {
			claim.inDoubt()
				.forEach((id) -> outcomes.add(new Outcome(id, OutcomeStatus.IN_DOUBT, DeliveryLedger.IN_DOUBT)));
			deadLetter(batch, claim.inDoubt(), now, DeliveryLedger.SET_ASIDE_REASON);
		}
		// Dead-lettered when this batch was read before, but not known to be on the
		// dead-letter topic.
		claim.unparked().forEach((reason, recipients) -> deadLetter(batch, recipients, now, reason));
		if (!claim.busy().isEmpty() && claim.busyUntil() != null) {
			// Looked at again once the claim may be taken over, on the smallest tier that
			// waits long enough (a schedule without tiers waits on deliveries.retry).
			RetryTiers.Tier tier = this.tiers.forWait(Duration.between(now, claim.busyUntil()));
			Instant notBefore = tier.delay().isZero() ? claim.busyUntil() : now.plus(tier.delay());
			resend(tier, batch.retry(claim.busy(), batch.attempt(), now, notBefore));
		}
		outcomes.addAll(claimed);
		this.outcomes.publish(version, outcomes, claim.recorded(), batch.attempt()).join();
		logger.debug("Batch {} of {} (attempt {}): {} claimed, {} in doubt, {} busy", batch.batch(), version,
				batch.attempt(), claim.owned().size(), claim.inDoubt().size(), claim.busy().size());
	}

	private Map<SubscriberId, Recipient> mailable(DeliveryBatchRequested batch, List<Outcome> outcomes) {
		Map<SubscriberId, Recipient> found = new LinkedHashMap<>();
		for (Recipient recipient : this.subscribers.recipients(batch.subscribers())) {
			found.put(recipient.id(), recipient);
		}
		Map<SubscriberId, Recipient> mailable = new LinkedHashMap<>();
		for (SubscriberId id : batch.subscribers()) {
			Recipient recipient = found.get(id);
			if (recipient == null) {
				outcomes.add(new Outcome(id, OutcomeStatus.SKIPPED, "subscriber no longer exists"));
			}
			else if (recipient.status() == SubscriberStatus.CONFIRMED) {
				mailable.put(id, recipient);
			}
			else {
				outcomes.add(new Outcome(id,
						(recipient.status() == SubscriberStatus.SUPPRESSED) ? OutcomeStatus.SUPPRESSED
								: OutcomeStatus.SKIPPED,
						"subscriber is " + recipient.status().name().toLowerCase(Locale.ROOT)));
			}
		}
		return mailable;
	}

	private @Nullable String stopReason(AlertEvent event, Instant now) {
		AlertSnapshot alert = event.alert();
		if (alert.expiresAt() != null && !now.isBefore(alert.expiresAt())) {
			return "expired";
		}
		AlertState state = this.alerts.state(alert.id());
		if (event instanceof AlertEvent.AlertCancelled) {
			return null;
		}
		if (state.cancelled()) {
			return "cancelled";
		}
		if (state.latestVersion() > alert.version()) {
			return "superseded by version " + state.latestVersion();
		}
		return null;
	}

	private void send(AlertEvent event, Claim claim, Map<SubscriberId, Recipient> mailable, Instant now,
			List<Outcome> outcomes) {
		List<SubscriberId> owned = claim.owned();
		if (owned.isEmpty()) {
			return;
		}
		AlertVersion version = event.alertVersion();
		Map<String, Embassy> embassies = embassies(event.alert(), owned, mailable);
		int window = Math.max(1, this.properties.delivery().sendingWindow());
		List<Outcome> previous = new ArrayList<>(window);
		MailComposer.Letters letters = this.composer.letters(event, now);
		Claim current = claim;
		try (SmtpSession session = this.sender.open()) {
			for (int from = 0; from < owned.size(); from += window) {
				List<SubscriberId> next = owned.subList(from, Math.min(owned.size(), from + window));
				// Marked as being sent before the SMTP server sees them: if this instance
				// dies now, they are in doubt, never sent again on their own.
				List<SubscriberId> stillMine = this.ledger.advance(version, previous, next, current);
				// A slow batch keeps its claim: a copy of it waits instead of taking
				// over.
				current = this.ledger.renewed(version, current, owned.subList(from, owned.size()));
				previous = new ArrayList<>(window);
				for (SubscriberId id : stillMine) {
					// Those not still mine were taken over by another instance after this
					// claim timed out: it sends them.
					Recipient recipient = mailable.get(id);
					Embassy embassy = (recipient.residenceCountry() != null)
							? embassies.get(recipient.residenceCountry()) : null;
					OutgoingMail mail = letters.compose(recipient, embassy);
					long started = System.nanoTime();
					SendOutcome sent = session.send(mail);
					this.metrics.smtpSend(Duration.ofNanos(System.nanoTime() - started), sent.status());
					Outcome outcome = new Outcome(sent.subscriber(), OutcomeStatus.of(sent), sent.detail());
					previous.add(outcome);
					outcomes.add(outcome);
				}
			}
		}
		this.ledger.advance(version, previous, List.of(), current);
	}

	private Map<String, Embassy> embassies(AlertSnapshot alert, List<SubscriberId> owned,
			Map<SubscriberId, Recipient> mailable) {
		if (alert.actions().stream().noneMatch(Action.ProtestToEmbassy.class::isInstance)) {
			return Map.of();
		}
		List<String> residences = owned.stream()
			.map((id) -> mailable.get(id).residenceCountry())
			.filter(Objects::nonNull)
			.toList();
		return this.embassies.in(alert.subjectCountry(), residences);
	}

	private void retryOrGiveUp(DeliveryBatchRequested batch, List<SubscriberId> deferred, List<Outcome> claimed,
			Instant now) {
		DispatchProperties.Delivery policy = this.properties.delivery();
		int next = batch.attempt() + 1;
		if (next <= policy.maxAttempts()) {
			RetryTiers.Tier tier = this.tiers.forAttempt(next);
			resend(tier, batch.retry(deferred, next, now, now.plus(tier.delay())));
			return;
		}
		List<Outcome> given = new ArrayList<>(deferred.size());
		for (SubscriberId id : deferred) {
			given.add(new Outcome(id, OutcomeStatus.DEAD_LETTERED,
					"deferred " + batch.attempt() + " times; retries ran out"));
		}
		String reason = "retries ran out after " + batch.attempt() + " attempts";
		this.ledger.record(batch.alertVersion(), given, reason);
		claimed.removeIf((outcome) -> outcome.status() == OutcomeStatus.DEFERRED);
		claimed.addAll(given);
		deadLetter(batch, deferred, now, reason);
	}

	private void resend(RetryTiers.Tier tier, DeliveryBatchRequested retry) {
		ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(tier.topic(),
				retry.alertVersion().key() + "/" + retry.batch(), retry);
		EventHeaders.write(record.headers(), retry, this.properties.source());
		this.kafka.send(record).join();
	}

	/**
	 * Writes the dead letter of deliveries the ledger has as dead-lettered, for an
	 * operator to re-drive, and then notes in the ledger that it is written. Written
	 * again (the batch read again before the note), it carries the same event id, by
	 * which the dashboard shows it once.
	 */
	private void deadLetter(DeliveryBatchRequested batch, List<SubscriberId> recipients, Instant now, String reason) {
		DeliveryBatchRequested parked = batch.parked(recipients, now, reason);
		ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(DEAD_LETTERS,
				parked.alertVersion().key() + "/" + parked.batch(), parked);
		EventHeaders.write(record.headers(), parked, this.properties.source());
		record.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
		this.kafka.send(record).join();
		this.ledger.parked(batch.alertVersion(), recipients);
	}

}
