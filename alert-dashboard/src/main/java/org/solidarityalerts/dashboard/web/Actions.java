package org.solidarityalerts.dashboard.web;

import java.util.List;
import java.util.Map;

import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.DeliveryEvent.ControlAction;
import org.solidarityalerts.dashboard.control.FanOutActions;
import org.solidarityalerts.dashboard.deadletters.DeadLetters;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The operators' actions. Only the operator role reaches them (see
 * {@link SecurityConfiguration}); each answers with a short message for the page and is
 * written to the audit log by the feature that carries it out.
 */
@Controller
class Actions {

	private static final Map<String, ControlAction> CONTROLS = Map.of("pause", ControlAction.PAUSED, "resume",
			ControlAction.RESUMED, "cancel", ControlAction.CANCELLED);

	private final FanOutActions fanOuts;

	private final DeadLetters deadLetters;

	Actions(FanOutActions fanOuts, DeadLetters deadLetters) {
		this.fanOuts = fanOuts;
		this.deadLetters = deadLetters;
	}

	@PostMapping("/actions/fanouts/{alertId}/{version}/{action}")
	String control(@PathVariable String alertId, @PathVariable int version, @PathVariable String action,
			Authentication user, Model model) {
		ControlAction control = CONTROLS.get(action);
		AlertVersion target;
		try {
			target = new AlertVersion(AlertId.parse(alertId), version);
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "No such alert version");
		}
		if (control == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		boolean done = this.fanOuts.control(user.getName(), target, control);
		model.addAttribute("messages", List.of(done ? "Fan-out of " + target + ": " + action + " sent to dispatch."
				: "Fan-out of " + target + ": " + action + " failed; Kafka did not take it."));
		return "dashboard/messages :: messages";
	}

	@PostMapping("/actions/dead-letters/redrive")
	String redrive(@RequestParam(name = "ref", required = false) List<String> refs, Authentication user, Model model) {
		if (refs == null || refs.isEmpty()) {
			model.addAttribute("messages", List.of("Nothing selected."));
			return "dashboard/messages :: messages";
		}
		model.addAttribute("messages",
				this.deadLetters.redrive(user.getName(), refs)
					.stream()
					.map((result) -> result.ref() + ": " + result.outcome())
					.toList());
		return "dashboard/messages :: messages";
	}

}
