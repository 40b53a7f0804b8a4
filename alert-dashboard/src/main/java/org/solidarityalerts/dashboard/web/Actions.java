package org.solidarityalerts.dashboard.web;

import java.util.List;
import java.util.Map;

import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.DeliveryEvent.ControlAction;
import jakarta.servlet.http.HttpServletResponse;
import org.solidarityalerts.dashboard.board.FanOutBoard;
import org.solidarityalerts.dashboard.board.FanOutRow;
import org.solidarityalerts.dashboard.board.FanOutState;
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
 * written to the audit log by the feature that carries it out. A fan-out action that does
 * not apply to the fan-out's state is refused with 409 and sent nowhere.
 */
@Controller
class Actions {

	private static final Map<String, ControlAction> CONTROLS = Map.of("pause", ControlAction.PAUSED, "resume",
			ControlAction.RESUMED, "cancel", ControlAction.CANCELLED);

	private final FanOutActions fanOuts;

	private final DeadLetters deadLetters;

	private final FanOutBoard board;

	Actions(FanOutActions fanOuts, DeadLetters deadLetters, FanOutBoard board) {
		this.fanOuts = fanOuts;
		this.deadLetters = deadLetters;
		this.board = board;
	}

	@PostMapping("/actions/fanouts/{alertId}/{version}/{action}")
	String control(@PathVariable String alertId, @PathVariable int version, @PathVariable String action,
			Authentication user, Model model, HttpServletResponse response) {
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
		FanOutRow fanOut = this.board.fanOut(alertId, version).orElse(null);
		if (fanOut == null) {
			return refused(response, model, HttpStatus.NOT_FOUND,
					"Fan-out of " + target + ": the board does not know it; nothing was sent.");
		}
		if (!applies(control, fanOut.state())) {
			return refused(response, model, HttpStatus.CONFLICT, "Fan-out of " + target + ": it is "
					+ fanOut.state().label() + ", so " + action + " does not apply; nothing was sent.");
		}
		boolean done = this.fanOuts.control(user.getName(), target, control);
		model.addAttribute("messages", List.of(done ? "Fan-out of " + target + ": " + action + " sent to dispatch."
				: "Fan-out of " + target + ": " + action + " failed; Kafka did not take it."));
		return "dashboard/messages :: messages";
	}

	/**
	 * Whether an action applies to a fan-out in a state: pause only one in progress,
	 * resume only a paused one, cancel only one not finished. The board offers only
	 * those; this refuses the rest, sent from a stale page or by hand.
	 */
	static boolean applies(ControlAction control, FanOutState state) {
		return switch (control) {
			case PAUSED -> state.pausable();
			case RESUMED -> state.resumable();
			case CANCELLED -> state.cancellable();
		};
	}

	private static String refused(HttpServletResponse response, Model model, HttpStatus status, String message) {
		response.setStatus(status.value());
		model.addAttribute("messages", List.of(message));
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
