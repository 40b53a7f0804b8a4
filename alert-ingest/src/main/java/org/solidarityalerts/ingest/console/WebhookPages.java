package org.solidarityalerts.ingest.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.ingest.webhook.OrganisationWebhooks;
import org.solidarityalerts.ingest.webhook.WebhookRefusedException;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The organisation's webhook endpoints, for organisers without an API client: register
 * one by the same rules as the API (through the same service), see each one's latest
 * deliveries and why they failed, remove one. The signing secret is shown on the page
 * that answers the registration only; registering and removing are audited, the secret
 * never. Another organisation's endpoint is a 404, like another organisation's alert.
 */
@Hidden
@Controller
class WebhookPages {

	private static final int RECENT_DELIVERIES = 20;

	private final OrganisationWebhooks webhooks;

	private final ConsoleAudit audit;

	WebhookPages(OrganisationWebhooks webhooks, ConsoleAudit audit) {
		this.webhooks = webhooks;
		this.audit = audit;
	}

	@GetMapping("/console/webhooks")
	String list(@AuthenticationPrincipal ConsolePrincipal user, Model model) {
		return page(user, model, "", "", Map.of(), null);
	}

	@PostMapping("/console/webhooks")
	String register(@AuthenticationPrincipal ConsolePrincipal user, @RequestParam(defaultValue = "") String url,
			@RequestParam(defaultValue = "") String description, Model model, HttpServletResponse response) {
		OrganisationWebhooks.Registered registered;
		try {
			registered = this.webhooks.register(user.organisation(), url.strip(),
					description.isBlank() ? null : description.strip());
		}
		catch (WebhookRefusedException ex) {
			response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
			String field = ex.field();
			return page(user, model, url, description, Map.of((field != null) ? field : "form", ex.reason()), null);
		}
		this.audit.record(user, "webhook.registered", null,
				registered.endpoint().id() + " " + registered.endpoint().url());
		// The secret is on this page only: no cache keeps it.
		response.setHeader("Cache-Control", "no-store");
		return page(user, model, "", "", Map.of(), registered);
	}

	@PostMapping("/console/webhooks/{id}/delete")
	String delete(@AuthenticationPrincipal ConsolePrincipal user, @PathVariable String id,
			HttpServletResponse response) {
		if (!this.webhooks.remove(user.organisation(), id)) {
			response.setStatus(HttpStatus.NOT_FOUND.value());
			return "console/not-found";
		}
		this.audit.record(user, "webhook.removed", null, id);
		return "redirect:/console/webhooks?removed";
	}

	private String page(ConsolePrincipal user, Model model, String url, String description,
			Map<String, String> problems, OrganisationWebhooks.@Nullable Registered registered) {
		List<WebhookRow> rows = new ArrayList<>();
		for (OrganisationWebhooks.Endpoint endpoint : this.webhooks.endpoints(user.organisation())) {
			rows.add(new WebhookRow(endpoint,
					this.webhooks.deliveries(user.organisation(), endpoint.id(), RECENT_DELIVERIES).orElse(List.of())));
		}
		model.addAttribute("endpoints", rows);
		model.addAttribute("url", url);
		model.addAttribute("description", description);
		model.addAttribute("problems", problems);
		model.addAttribute("registered", registered);
		return "console/webhooks";
	}

}
