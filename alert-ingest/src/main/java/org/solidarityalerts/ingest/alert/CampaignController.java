package org.solidarityalerts.ingest.alert;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import org.solidarityalerts.ingest.organiser.Organiser;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The campaigns that an organisation's alerts refer to. A campaign comes into being with
 * its first alert; its name is the one its latest alert gives.
 */
@RestController
class CampaignController {

	private final AlertService alerts;

	CampaignController(AlertService alerts) {
		this.alerts = alerts;
	}

	@Operation(summary = "List the campaigns your alerts belong to")
	@GetMapping("/api/v1/campaigns")
	List<CampaignView> campaigns(@AuthenticationPrincipal Organiser organiser) {
		return this.alerts.campaigns(organiser);
	}

}
