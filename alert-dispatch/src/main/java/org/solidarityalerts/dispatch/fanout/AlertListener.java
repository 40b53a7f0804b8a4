package org.solidarityalerts.dispatch.fanout;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.alert.ReceivedAlerts;
import org.solidarityalerts.dispatch.messaging.PoisonRecordException;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Takes alert events off the alert topics, urgent actions on a container of their own:
 * stores the version, then runs its audience stage. A redelivered event resumes the stage
 * from its checkpoint.
 */
@Component
class AlertListener {

	private static final Logger logger = LoggerFactory.getLogger(AlertListener.class);

	private final ReceivedAlerts alerts;

	private final AudienceStage audience;

	AlertListener(ReceivedAlerts alerts, AudienceStage audience) {
		this.alerts = alerts;
		this.audience = audience;
	}

	@KafkaListener(id = "alerts-urgent", groupId = "alert-dispatch.alerts-urgent", topics = Topics.ALERTS_URGENT)
	void urgent(ContractEvent event) {
		receive(event);
	}

	@KafkaListener(id = "alerts-standard", groupId = "alert-dispatch.alerts-standard", topics = Topics.ALERTS_STANDARD)
	void standard(ContractEvent event) {
		receive(event);
	}

	private void receive(ContractEvent event) {
		if (!(event instanceof AlertEvent alertEvent)) {
			throw new PoisonRecordException("Expected an alert event, got " + event.type());
		}
		if (!ContractEvent.accepts(alertEvent.schemaVersion())) {
			throw new PoisonRecordException("Unsupported schema version " + alertEvent.schemaVersion());
		}
		logger.debug("Received {} of {}", alertEvent.type(), alertEvent.alertVersion());
		this.alerts.store(alertEvent);
		this.audience.run(alertEvent);
	}

}
