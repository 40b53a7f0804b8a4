package org.solidarityalerts.ingest.alert;

import java.net.URI;
import java.time.Clock;

import org.solidarityalerts.ingest.organiser.Organiser;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The organisers' alerts API.
 */
@RestController
@RequestMapping("/api/v1/alerts")
class AlertController {

	private final AlertService alerts;

	private final Clock clock;

	AlertController(AlertService alerts, Clock clock) {
		this.alerts = alerts;
		this.clock = clock;
	}

	/**
	 * Posts a new alert. 202: it is stored durably and will be published at its
	 * {@code publishAt}.
	 */
	@PostMapping
	ResponseEntity<AlertView> post(@AuthenticationPrincipal Organiser organiser, @RequestBody AlertDraft draft) {
		StoredAlert alert = this.alerts.post(organiser, draft);
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/alerts/" + alert.id()))
			.body(AlertView.of(alert, this.clock.instant()));
	}

	@GetMapping("/{id}")
	AlertView get(@AuthenticationPrincipal Organiser organiser, @PathVariable String id) {
		return AlertView.of(this.alerts.get(organiser, id), this.clock.instant());
	}

}
