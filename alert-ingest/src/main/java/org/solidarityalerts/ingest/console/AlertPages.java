package org.solidarityalerts.ingest.console;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import io.swagger.v3.oas.annotations.Hidden;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import org.solidarityalerts.ingest.preview.DispatchPreviews;
import org.solidarityalerts.ingest.preview.DispatchUnavailableException;
import org.solidarityalerts.ingest.preview.RenderedPreview;
import org.solidarityalerts.ingest.progress.DeliveryProgress;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

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

	private static final Logger logger = LoggerFactory.getLogger(AlertPages.class);

	/**
	 * The flash attribute naming the form whose draft the browser kept
	 * ({@code drafts.js}) and may remove, for the alert is stored.
	 */
	private static final String DRAFT_STORED = "draftStored";

	private static final int PAGE_SIZE = 50;

	private final OrganiserAlerts alerts;

	private final ConsoleAudit audit;

	private final Clock clock;

	private final DeliveryProgress progress;

	private final ActionCountPages actionCounts;

	private final DispatchPreviews dispatch;

	private final ConsoleTestSends testSends;

	AlertPages(OrganiserAlerts alerts, ConsoleAudit audit, Clock clock, DeliveryProgress progress,
			ActionCountPages actionCounts, DispatchPreviews dispatch, ConsoleTestSends testSends) {
		this.testSends = testSends;
		this.alerts = alerts;
		this.audit = audit;
		this.clock = clock;
		this.progress = progress;
		this.actionCounts = actionCounts;
		this.dispatch = dispatch;
	}

	@ModelAttribute("kinds")
	List<String> kinds() {
		return java.util.Arrays.stream(AlertKind.values()).map(WireFormat::name).toList();
	}

	@ModelAttribute("actionKinds")
	Map<String, String> actionKinds() {
		return AlertForm.ACTION_KINDS;
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
		AlertForm form = AlertForm.blank();
		form.setAlertId(UUID.randomUUID().toString());
		return form(model, form, Map.of(), null);
	}

	/**
	 * One more language's fields: htmx appends them to the form; without script, the
	 * whole form comes back with them.
	 */
	@PostMapping("/console/alerts/languages")
	String addLanguage(@ModelAttribute("form") AlertForm form,
			@RequestHeader(name = "HX-Request", required = false) @Nullable String htmx, Model model) {
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
			@RequestParam(defaultValue = "publish") String intent,
			@RequestParam(name = "_add", required = false) @Nullable String add,
			@RequestParam(name = "_remove", required = false) @Nullable Integer remove,
			@RequestHeader(name = "HX-Request", required = false) @Nullable String htmx, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		if (add != null || remove != null) {
			return changeActions(model, form, add, remove, htmx, null);
		}
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
		// The draft the browser kept of this form is no longer needed.
		redirect.addFlashAttribute(DRAFT_STORED, "/console/alerts");
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
			@ModelAttribute("form") AlertForm form, @RequestParam(name = "_add", required = false) @Nullable String add,
			@RequestParam(name = "_remove", required = false) @Nullable Integer remove,
			@RequestHeader(name = "HX-Request", required = false) @Nullable String htmx, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		AlertView alert = this.alerts.get(user.organiser(), id);
		if (add != null || remove != null) {
			return changeActions(model, form, add, remove, htmx, alert);
		}
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
		redirect.addFlashAttribute(DRAFT_STORED, "/console/alerts/" + id);
		return "redirect:/console/alerts/" + id;
	}

	/**
	 * The unsaved draft of a new alert as chosen readers would receive it: built from the
	 * form, checked as a post is, rendered by dispatch; nothing is stored or audited.
	 * With htmx only the preview comes back; without script, the whole form with it.
	 */
	@PostMapping("/console/alerts/draft-preview")
	String previewDraft(@AuthenticationPrincipal ConsolePrincipal user, @ModelAttribute("form") AlertForm form,
			@RequestHeader(name = "HX-Request", required = false) @Nullable String htmx, Model model,
			HttpServletResponse response) {
		return draftPreview(user, form, null, htmx, model, response);
	}

	/**
	 * The unsaved next version of an alert as chosen readers would receive it; nothing is
	 * stored or audited.
	 */
	@PostMapping("/console/alerts/{id}/draft-preview")
	String previewUpdate(@AuthenticationPrincipal ConsolePrincipal user, @PathVariable String id,
			@ModelAttribute("form") AlertForm form,
			@RequestHeader(name = "HX-Request", required = false) @Nullable String htmx, Model model,
			HttpServletResponse response) {
		return draftPreview(user, form, this.alerts.get(user.organiser(), id), htmx, model, response);
	}

	private String draftPreview(ConsolePrincipal user, AlertForm form, @Nullable AlertView alert, @Nullable String htmx,
			Model model, HttpServletResponse response) {
		Map<String, String> problems = new LinkedHashMap<>();
		AlertSnapshot snapshot = draftSnapshot(user, form, alert, problems);
		List<DraftPreview> previews = new java.util.ArrayList<>();
		if (snapshot != null) {
			for (ReaderFields fields : form.getReaders()) {
				if (AlertForm.blankToNull(fields.getLanguage()) == null) {
					continue;
				}
				PreviewPages.Reader reader = PreviewPages.draftReader(fields);
				if (reader.problem() != null) {
					previews.add(new DraftPreview(reader, null, reader.problem()));
					continue;
				}
				try {
					previews.add(new DraftPreview(reader, this.dispatch.preview(snapshot, reader.profile()), null));
				}
				catch (DispatchUnavailableException ex) {
					logger.warn("Console draft preview failed: {}", ex.getMessage(), ex.getCause());
					previews.add(new DraftPreview(reader, null, "The preview could not be rendered just now (the "
							+ "delivery service did not answer); nothing was sent. Try again in a moment."));
				}
			}
		}
		model.addAttribute("previewProblems", FormProblems.listed(form, problems));
		model.addAttribute("previews", previews);
		if (htmx == null && !problems.isEmpty()) {
			response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
		}
		String page = form(model, form, Map.of(), alert);
		return (htmx != null) ? "console/compose :: draftPreview" : page;
	}

	/**
	 * The draft built from the form, checked as a post is (a missing change note aside),
	 * as the API's preview builds it; nothing is stored.
	 * @return the draft's snapshot, or {@code null} with its problems
	 */
	private @Nullable AlertSnapshot draftSnapshot(ConsolePrincipal user, AlertForm form, @Nullable AlertView alert,
			Map<String, String> problems) {
		AlertDraft draft = form.toDraft(problems, false, (alert != null) ? alert.current() : null);
		problems.remove("changeNote");
		if (!problems.isEmpty()) {
			return null;
		}
		try {
			return this.alerts.previewOf(user.organiser(), draft);
		}
		catch (InvalidAlertException ex) {
			problems.putAll(problems(form, ex));
			return null;
		}
	}

	/**
	 * One test of the unsaved draft of a new alert, as one of the readers chosen for the
	 * preview would receive it, sent to the organisation's verified test address only
	 * (the stored alert's rules, {@link ConsoleTestSends}); nothing is stored. With htmx
	 * only the message comes back; without script, the whole form with it.
	 */
	@PostMapping("/console/alerts/draft-test-sends")
	String testDraft(@AuthenticationPrincipal ConsolePrincipal user, @ModelAttribute("form") AlertForm form,
			@RequestParam(name = "testReader", defaultValue = "0") int testReader,
			@RequestHeader(name = "HX-Request", required = false) @Nullable String htmx, Model model,
			HttpServletResponse response) {
		return draftTestSend(user, form, testReader, null, htmx, model, response);
	}

	/**
	 * One test of the unsaved next version of an alert; nothing is stored.
	 */
	@PostMapping("/console/alerts/{id}/draft-test-sends")
	String testUpdate(@AuthenticationPrincipal ConsolePrincipal user, @PathVariable String id,
			@ModelAttribute("form") AlertForm form,
			@RequestParam(name = "testReader", defaultValue = "0") int testReader,
			@RequestHeader(name = "HX-Request", required = false) @Nullable String htmx, Model model,
			HttpServletResponse response) {
		return draftTestSend(user, form, testReader, this.alerts.get(user.organiser(), id), htmx, model, response);
	}

	private String draftTestSend(ConsolePrincipal user, AlertForm form, int testReader, @Nullable AlertView alert,
			@Nullable String htmx, Model model, HttpServletResponse response) {
		Map<String, String> problems = new LinkedHashMap<>();
		AlertSnapshot snapshot = draftSnapshot(user, form, alert, problems);
		ReaderFields fields = (testReader >= 0 && testReader < form.getReaders().size())
				? form.getReaders().get(testReader) : null;
		if (snapshot == null) {
			model.addAttribute("testProblems", FormProblems.listed(form, problems));
			ConsoleTestSends.refused("The draft is not yet a valid alert, so no test was sent:", null, htmx != null,
					model, response);
		}
		else if (fields == null || AlertForm.blankToNull(fields.getLanguage()) == null) {
			ConsoleTestSends.refused(
					"Give reader " + (testReader + 1)
							+ " a language to send a test of what they would receive. Nothing was sent.",
					null, htmx != null, model, response);
		}
		else {
			PreviewPages.Reader reader = PreviewPages.draftReader(fields);
			model.addAttribute("testReader", testReader + 1);
			this.testSends.send(user, snapshot, reader, ConsoleTestSends.DRAFT,
					(alert != null) ? "unsaved update of " + alert.id() : "unsaved new alert", htmx != null, model,
					response);
		}
		String page = form(model, form, Map.of(), alert);
		return (htmx != null) ? "console/compose :: draftTest" : page;
	}

	private String changeActions(Model model, AlertForm form, @Nullable String add, @Nullable Integer remove,
			@Nullable String htmx, @Nullable AlertView alert) {
		form.absorbLegacyFields();
		if (remove != null) {
			form.removeAction(remove);
		}
		if (add != null) {
			form.addAction(add);
		}
		String page = form(model, form, Map.of(), alert);
		return (htmx != null) ? "console/actions :: actions" : page;
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
		form.absorbLegacyFields();
		if (form.getLanguages().isEmpty()) {
			form.getLanguages().add(new AlertForm.LanguageFields(form.getDefaultLanguage()));
		}
		model.addAttribute("form", form);
		model.addAttribute("problems", problems);
		model.addAttribute("labelled", FormProblems.listed(form, problems));
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

	/**
	 * One reader's preview of an unsaved draft, or why it could not be rendered.
	 *
	 * @param reader the reader
	 * @param preview what they would receive
	 * @param problem why it is not shown
	 */
	record DraftPreview(PreviewPages.Reader reader, @Nullable RenderedPreview preview, @Nullable String problem) {
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
