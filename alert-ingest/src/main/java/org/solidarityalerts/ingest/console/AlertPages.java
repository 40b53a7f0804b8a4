package org.solidarityalerts.ingest.console;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import io.swagger.v3.oas.annotations.Hidden;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.ingest.alert.AlertConflictException;
import org.solidarityalerts.ingest.alert.AlertDraft;
import org.solidarityalerts.ingest.alert.AlertView;
import org.solidarityalerts.ingest.alert.Cancellation;
import org.solidarityalerts.ingest.alert.InvalidAlertException;
import org.solidarityalerts.ingest.alert.OrganiserAlerts;
import org.solidarityalerts.ingest.progress.DeliveryProgress;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The organisation's alerts: the list, one alert with its history, and the forms that
 * compose, publish, schedule, update and cancel one, all through {@link OrganiserAlerts}
 * (the API's service, with its checks). A refused form is shown again as it was posted,
 * with each problem beside its field and nothing stored. Another organisation's alert is
 * a 404, exactly like an alert that does not exist.
 */
@Hidden
@Controller
class AlertPages {

	private static final int PAGE_SIZE = 50;

	private final OrganiserAlerts alerts;

	private final ConsoleAudit audit;

	private final Clock clock;

	private final DeliveryProgress progress;

	private final ActionCountPages actionCounts;

	AlertPages(OrganiserAlerts alerts, ConsoleAudit audit, Clock clock, DeliveryProgress progress,
			ActionCountPages actionCounts) {
		this.alerts = alerts;
		this.audit = audit;
		this.clock = clock;
		this.progress = progress;
		this.actionCounts = actionCounts;
	}

	@ModelAttribute("kinds")
	List<String> kinds() {
		return java.util.Arrays.stream(AlertKind.values()).map(WireFormat::name).toList();
	}

	@GetMapping({ "/console", "/console/" })
	String home() {
		return "redirect:/console/alerts";
	}

	@GetMapping("/console/alerts")
	String list(@AuthenticationPrincipal ConsolePrincipal user, @RequestParam(defaultValue = "0") int page,
			Model model) {
		OrganiserAlerts.Listing listing = this.alerts.list(user.organiser(), Math.max(0, page), PAGE_SIZE);
		model.addAttribute("alerts", listing.alerts());
		model.addAttribute("total", listing.total());
		model.addAttribute("page", Math.max(0, page));
		model.addAttribute("more", (long) (Math.max(0, page) + 1) * PAGE_SIZE < listing.total());
		return "console/alerts";
	}

	@GetMapping("/console/alerts/new")
	String compose(Model model) {
		AlertForm form = new AlertForm();
		form.setAlertId(UUID.randomUUID().toString());
		return form(model, form, Map.of(), null);
	}

	/**
	 * One more language's fields: htmx appends them to the form; without script, the
	 * whole form comes back with them.
	 */
	@PostMapping("/console/alerts/languages")
	String addLanguage(@ModelAttribute("form") AlertForm form,
			@org.springframework.web.bind.annotation.RequestHeader(name = "HX-Request",
					required = false) @Nullable String htmx,
			Model model) {
		form.getLanguages().add(new AlertForm.LanguageFields());
		if (htmx != null) {
			model.addAttribute("index", form.getLanguages().size() - 1);
			model.addAttribute("problems", Map.of());
			return "console/compose :: language";
		}
		return form(model, form, Map.of(), null);
	}

	@PostMapping("/console/alerts")
	String post(@AuthenticationPrincipal ConsolePrincipal user, @ModelAttribute("form") AlertForm form,
			@RequestParam(defaultValue = "publish") String intent, Model model, HttpServletResponse response) {
		boolean schedule = "schedule".equals(intent);
		if (!schedule) {
			form.setPublishAt(null);
		}
		Map<String, String> problems = new LinkedHashMap<>();
		AlertDraft draft = form.toDraft(problems, schedule, null);
		AlertId id = parseId(form.getAlertId());
		if (id == null) {
			form.setAlertId(UUID.randomUUID().toString());
			id = AlertId.parse(form.getAlertId());
		}
		if (!problems.isEmpty()) {
			return refused(model, form, problems, null, response);
		}
		AlertView stored;
		try {
			stored = this.alerts.post(user.organiser(), draft, id);
		}
		catch (InvalidAlertException ex) {
			return refused(model, form, problems(form, ex), null, response);
		}
		boolean scheduled = stored.current().publishAt().isAfter(this.clock.instant());
		this.audit.record(user, scheduled ? "alert.scheduled" : "alert.published", stored.id(),
				scheduled ? "publishes at " + stored.current().publishAt() : null);
		return "redirect:/console/alerts/" + stored.id();
	}

	@GetMapping("/console/alerts/{id}")
	String alert(@AuthenticationPrincipal ConsolePrincipal user, @PathVariable String id, Model model) {
		AlertView alert = this.alerts.get(user.organiser(), id);
		model.addAttribute("alert", alert);
		model.addAttribute("current", alert.current());
		PreviewPages.offer(model, alert.current());
		model.addAttribute("progress", this.progress.of(alert.id()));
		this.actionCounts.offer(model, alert);
		return "console/alert";
	}

	@GetMapping("/console/alerts/{id}/edit")
	String edit(@AuthenticationPrincipal ConsolePrincipal user, @PathVariable String id, Model model) {
		AlertView alert = this.alerts.get(user.organiser(), id);
		if (alert.state().equals("cancelled")) {
			return "redirect:/console/alerts/" + id;
		}
		return form(model, AlertForm.of(alert.current(), this.clock.instant()), Map.of(), alert);
	}

	@PostMapping("/console/alerts/{id}")
	String update(@AuthenticationPrincipal ConsolePrincipal user, @PathVariable String id,
			@ModelAttribute("form") AlertForm form, Model model, HttpServletResponse response) {
		AlertView alert = this.alerts.get(user.organiser(), id);
		AlertSnapshot current = alert.current();
		Map<String, String> problems = new LinkedHashMap<>();
		AlertDraft draft = form.toDraft(problems, false, current);
		if (!problems.isEmpty()) {
			return refused(model, form, problems, alert, response);
		}
		AlertView updated;
		try {
			updated = this.alerts.update(user.organiser(), id, draft, form.getVersion());
		}
		catch (InvalidAlertException ex) {
			return refused(model, form, problems(form, ex), alert, response);
		}
		catch (AlertConflictException ex) {
			model.addAttribute("conflict", ex.getMessage());
			return refused(model, form, Map.of(), alert, response);
		}
		this.audit.record(user, "alert.updated", id, "version " + updated.version());
		return "redirect:/console/alerts/" + id;
	}

	@PostMapping("/console/alerts/{id}/cancel")
	String cancel(@AuthenticationPrincipal ConsolePrincipal user, @PathVariable String id,
			@RequestParam(required = false) @Nullable String reason,
			@RequestParam(required = false) @Nullable Integer version, Model model, HttpServletResponse response) {
		AlertView alert = this.alerts.get(user.organiser(), id);
		String problem = null;
		if (AlertForm.blankToNull(reason) == null) {
			problem = "Say why it is called off (for example: released; the hearing was postponed).";
		}
		else {
			try {
				AlertView cancelled = this.alerts.cancel(user.organiser(), id,
						new Cancellation(Map.of(alert.current().defaultLanguage(), reason.strip())), version);
				this.audit.record(user, "alert.cancelled", id, "version " + cancelled.version());
				return "redirect:/console/alerts/" + id;
			}
			catch (InvalidAlertException ex) {
				problem = ex.problems().stream().map((p) -> p.reason()).reduce((a, b) -> a + "; " + b).orElse("");
				problem = "The reason " + problem + ".";
			}
			catch (AlertConflictException ex) {
				problem = ex.getMessage();
			}
		}
		model.addAttribute("alert", alert);
		model.addAttribute("current", alert.current());
		model.addAttribute("cancelProblem", problem);
		PreviewPages.offer(model, alert.current());
		model.addAttribute("reason", reason);
		response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
		return "console/alert";
	}

	private String form(Model model, AlertForm form, Map<String, String> problems, @Nullable AlertView alert) {
		if (form.getLanguages().isEmpty()) {
			form.getLanguages().add(new AlertForm.LanguageFields(form.getDefaultLanguage()));
		}
		model.addAttribute("form", form);
		model.addAttribute("problems", problems);
		model.addAttribute("labelled", labelled(form, problems));
		model.addAttribute("alert", alert);
		return "console/compose";
	}

	private String refused(Model model, AlertForm form, Map<String, String> problems, @Nullable AlertView alert,
			HttpServletResponse response) {
		response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
		return form(model, form, problems, alert);
	}

	private static Map<String, String> problems(AlertForm form, InvalidAlertException ex) {
		Map<String, String> problems = new LinkedHashMap<>();
		ex.problems()
			.forEach((problem) -> problems.merge(form.fieldOf(problem.field()), problem.reason(),
					(first, second) -> first + "; " + second));
		return problems;
	}

	/** Every problem with a label a person reads, for the list above the form. */
	private static List<String> labelled(AlertForm form, Map<String, String> problems) {
		return problems.entrySet()
			.stream()
			.map((entry) -> label(form, entry.getKey()) + ": " + entry.getValue())
			.toList();
	}

	private static String label(AlertForm form, String field) {
		if (field.startsWith("languages[")) {
			int index = Integer.parseInt(field.substring("languages[".length(), field.indexOf(']')));
			String tag = (index < form.getLanguages().size() && form.getLanguages().get(index).getTag() != null)
					? form.getLanguages().get(index).getTag() : "?";
			String part = field.substring(field.indexOf(']') + 1);
			String name = switch (part) {
				case ".tag" -> "Language code";
				case ".title" -> "Title";
				case ".summary" -> "Summary";
				case ".body" -> "Body";
				case ".suggestedMessage" -> "Suggested message";
				default -> "Words";
			};
			return name + " (" + tag + ")";
		}
		return switch (field) {
			case "kind" -> "Kind";
			case "campaignId" -> "Campaign id";
			case "campaignName" -> "Campaign name";
			case "subjectCountry" -> "Country concerned";
			case "defaultLanguage" -> "Default language";
			case "tags" -> "Tags";
			case "petitionUrl" -> "Petition address";
			case "petitionLabel" -> "Petition label";
			case "targetName" -> "Name of the person to write to";
			case "targetTitle" -> "Their title";
			case "targetOrganisation" -> "Their organisation";
			case "targetEmail" -> "Their e-mail address";
			case "targetAddress" -> "Their postal address";
			case "timeZone" -> "Time zone";
			case "publishAt" -> "Publish at";
			case "deadline" -> "Deadline";
			case "changeNote" -> "What changed";
			default -> field;
		};
	}

	private static @Nullable AlertId parseId(@Nullable String text) {
		try {
			return (text != null) ? AlertId.parse(text) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
