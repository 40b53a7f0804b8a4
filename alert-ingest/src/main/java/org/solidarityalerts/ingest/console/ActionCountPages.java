package org.solidarityalerts.ingest.console;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.swagger.v3.oas.annotations.Hidden;
import org.solidarityalerts.ingest.alert.ActionTotals;
import org.solidarityalerts.ingest.alert.AlertView;
import org.solidarityalerts.ingest.alert.OrganiserAlerts;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The alert page's "N readers said they did this" beside each action: the totals dispatch
 * publishes ("I did this" in the e-mails), as the API serves them at
 * {@code /api/v1/alerts/{id}/actions-reported}, counts only and never who. htmx polls
 * them every few seconds like the delivery progress. The alert is looked up in the user's
 * organisation first, so another organisation's alert is a 404.
 */
@Hidden
@Controller
class ActionCountPages {

	private final OrganiserAlerts alerts;

	private final ActionTotals totals;

	ActionCountPages(OrganiserAlerts alerts, ActionTotals totals) {
		this.alerts = alerts;
		this.totals = totals;
	}

	@GetMapping("/console/alerts/{id}/actions-reported")
	String actionCounts(@AuthenticationPrincipal ConsolePrincipal user, @PathVariable String id, Model model) {
		AlertView alert = this.alerts.get(user.organiser(), id);
		model.addAttribute("alert", alert);
		model.addAttribute("current", alert.current());
		offer(model, alert);
		return "console/alert :: actions";
	}

	/**
	 * Adds {@code actionCounts}: how many readers reported each of the alert's current
	 * actions, by index, 0 for those nobody reported.
	 * @param model the alert page's model
	 * @param alert the alert, already found in the user's organisation
	 */
	void offer(Model model, AlertView alert) {
		Map<Integer, Long> reported = this.totals.of(alert.id())
			.stream()
			.collect(Collectors.toMap(ActionTotals.ActionTotal::action, ActionTotals.ActionTotal::total, Math::max));
		List<Long> counts = IntStream.range(0, alert.current().actions().size())
			.mapToObj((index) -> reported.getOrDefault(index, 0L))
			.toList();
		model.addAttribute("actionCounts", counts);
	}

}
