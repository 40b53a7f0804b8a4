package org.solidarityalerts.dispatch.control;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.ControlAction;
import org.solidarityalerts.contract.DeliveryEvent.FanOutControlled;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.messaging.PoisonRecordException;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Takes operators' controls off the control topic and records them; a resume or a
 * cancellation then releases the batches held while the fan-out was paused. If dispatch
 * stops in between, the control is read again and releases them then.
 */
@Component
class ControlListener {

	private static final Logger logger = LoggerFactory.getLogger(ControlListener.class);

	private final FanOutControls controls;

	private final HeldBatches held;

	ControlListener(FanOutControls controls, HeldBatches held) {
		this.controls = controls;
		this.held = held;
	}

	@KafkaListener(id = "fanout-control", groupId = "alert-dispatch.fanout-control", topics = Topics.FANOUT_CONTROL)
	void control(ContractEvent event) {
		if (!(event instanceof FanOutControlled control)) {
			throw new PoisonRecordException("Expected a fan-out control, got " + event.type());
		}
		if (!ContractEvent.accepts(control.schemaVersion())) {
			throw new PoisonRecordException("Unsupported schema version " + control.schemaVersion());
		}
		this.controls.record(control);
		logger.info("Fan-out of {} {} by operator {}", control.alertVersion(), control.action(), control.operator());
		if (control.action() != ControlAction.PAUSED) {
			// Recorded first: a batch held from now on sees the control and releases
			// itself; those held before are released here.
			this.held.release(control.alertVersion());
		}
	}

}
