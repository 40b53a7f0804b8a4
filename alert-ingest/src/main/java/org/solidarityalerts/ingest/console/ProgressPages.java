package org.solidarityalerts.ingest.console;

import io.swagger.v3.oas.annotations.Hidden;
import org.solidarityalerts.ingest.alert.AlertView;
import org.solidarityalerts.ingest.alert.OrganiserAlerts;
import org.solidarityalerts.ingest.progress.DeliveryProgress;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The alert page's delivery progress, which htmx polls every few seconds. The alert is
 * looked up in the user's organisation first, so another organisation's alert is a 404.
 */
@Hidden
@Controller
class ProgressPages {

	private final OrganiserAlerts alerts;

	private final DeliveryProgress progress;

	ProgressPages(OrganiserAlerts alerts, DeliveryProgress progress) {
		this.alerts = alerts;
		this.progress = progress;
	}

	@GetMapping("/console/alerts/{id}/progress")
	String progress(@AuthenticationPrincipal ConsolePrincipal user, @PathVariable String id, Model model) {
		AlertView alert = this.alerts.get(user.organiser(), id);
		model.addAttribute("alert", alert);
		model.addAttribute("progress", this.progress.of(alert.id()));
		return "console/alert :: progress";
	}

}
