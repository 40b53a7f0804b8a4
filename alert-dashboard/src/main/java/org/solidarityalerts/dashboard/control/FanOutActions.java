package org.solidarityalerts.dashboard.control;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.ControlAction;
import org.solidarityalerts.contract.DeliveryEvent.FanOutControlled;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dashboard.DashboardProperties;
import org.solidarityalerts.dashboard.audit.AuditLog;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Pauses, resumes and cancels fan-outs: publishes the operator's decision on the control
 * topic, keyed by alert id, for dispatch to obey, and writes it to the audit log.
 */
@Component
public class FanOutActions {

	private static final Logger logger = LoggerFactory.getLogger(FanOutActions.class);

	private final KafkaTemplate<String, byte[]> kafka;

	private final AuditLog audit;

	private final DashboardProperties properties;

	private final MeterRegistry meters;

	private final Clock clock;

	FanOutActions(KafkaTemplate<String, byte[]> kafka, AuditLog audit, DashboardProperties properties,
			MeterRegistry meters, Clock clock) {
		this.kafka = kafka;
		this.audit = audit;
		this.properties = properties;
		this.meters = meters;
		this.clock = clock;
	}

	/**
	 * Publishes an operator's decision about a fan-out.
	 * @param operator who decided
	 * @param version the alert version whose fan-out it is
	 * @param action what they decided
	 * @return whether Kafka took it
	 */
	public boolean control(String operator, AlertVersion version, ControlAction action) {
		FanOutControlled event = new FanOutControlled(EventId.random(), ContractEvent.SCHEMA_VERSION,
				this.clock.instant(), version, action, operator);
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.FANOUT_CONTROL,
				version.alertId().toString(), WireFormat.jsonMapper().writeValueAsBytes(event));
		EventHeaders.write(record.headers(), event, this.properties.source());
		String name = "fanout." + WireFormat.name(action);
		try {
			this.kafka.send(record).get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			logger.warn("Publishing {} of {} failed", name, version, ex);
			this.audit.record(operator, name, version.key(), "failed: Kafka did not take it");
			return false;
		}
		this.audit.record(operator, name, version.key(), "done");
		this.meters.counter("alert.dashboard.actions", "action", WireFormat.name(action)).increment();
		logger.info("Operator {} {} the fan-out of {}", operator, WireFormat.name(action), version);
		return true;
	}

}
