package org.solidarityalerts.ingest.alert;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import org.solidarityalerts.ingest.organiser.Organiser;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * How many readers said they took each action of an alert, for the organisation that owns
 * it. Counts only: the service never tells who.
 */
@RestController
class ActionReportsController {

	private final AlertService alerts;

	private final ActionTotals totals;

	ActionReportsController(AlertService alerts, ActionTotals totals) {
		this.alerts = alerts;
		this.totals = totals;
	}

	@Operation(operationId = "getActionsReported",
			summary = "How many readers said they took each action of an alert (\"I did this\" in its e-mails)")
	@GetMapping("/api/v1/alerts/{id}/actions-reported")
	ActionsReportedView actionsReported(@AuthenticationPrincipal Organiser organiser, @PathVariable String id) {
		StoredAlert alert = this.alerts.get(organiser, id);
		return new ActionsReportedView(alert.id(), this.totals.of(alert.id()));
	}

	/**
	 * The reported totals of an alert's actions.
	 *
	 * @param alertId the alert
	 * @param actions one per action that anyone reported, by index in the alert's
	 * actions; an action nobody reported is absent
	 */
	record ActionsReportedView(String alertId, List<ActionTotals.ActionTotal> actions) {
	}

}
