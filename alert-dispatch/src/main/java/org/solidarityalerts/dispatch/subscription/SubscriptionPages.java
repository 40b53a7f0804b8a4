package org.solidarityalerts.dispatch.subscription;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.subscriber.Cadence;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.web.ReaderLocaleResolver;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The subscribers' pages: sign-up, confirmation, preferences (with export and erasure)
 * and unsubscribe. Server-rendered, no script; every form but the one-click unsubscribe
 * carries a CSRF token. A link that is tampered with, expired or used up gets the same
 * generic page, whatever the reason.
 */
@Controller
class SubscriptionPages {

	private static final String ONE_CLICK = "One-Click";

	private final Subscriptions subscriptions;

	private final SignedLinks links;

	SubscriptionPages(Subscriptions subscriptions, SignedLinks links) {
		this.subscriptions = subscriptions;
		this.links = links;
	}

	@ModelAttribute
	void choices(Model model) {
		model.addAttribute("countryChoices", Checks.countryChoices());
		model.addAttribute("languageChoices", Checks.languageChoices());
		model.addAttribute("timeZoneChoices", Checks.timeZoneChoices());
		model.addAttribute("kindChoices", List.of(AlertKind.values()));
		model.addAttribute("cadenceChoices", List.of(Cadence.values()));
	}

	/**
	 * Where a form sent without a valid CSRF token is forwarded (by the security chain's
	 * access-denied handler), for any method.
	 */
	static final String FORM_EXPIRED = "/subscribe/form-expired";

	@RequestMapping(FORM_EXPIRED)
	String formExpired(HttpServletRequest request, Model model) {
		// Forwarded with 403 by the access-denied handler; visited directly, it is 200.
		Object sentTo = request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI);
		model.addAttribute("back", backTo((sentTo instanceof String path) ? path : ""));
		return "subscription/form-expired";
	}

	/**
	 * The page a form was on: the sign-up page, or the confirmation or preferences page
	 * of the same link.
	 */
	private static String backTo(String path) {
		String[] segments = path.split("/");
		if (segments.length >= 3 && (segments[1].equals("preferences") || segments[1].equals("confirm"))
				&& segments[2].matches("[A-Za-z0-9._~-]+")) {
			return "/" + segments[1] + "/" + segments[2];
		}
		return "/subscribe";
	}

	@GetMapping("/subscribe")
	String signUpForm(@RequestParam(name = "campaign", required = false) @Nullable String campaign,
			java.util.Locale locale, Model model) {
		model.addAttribute("form", SignUpRequest.blank(campaign, locale.getLanguage()));
		model.addAttribute("problems", Map.of());
		return "subscription/subscribe";
	}

	@PostMapping("/subscribe")
	String signUp(@ModelAttribute("form") SignUpRequest form, HttpServletRequest request, Model model,
			HttpServletResponse response, java.util.Locale locale) {
		try {
			this.subscriptions.signUp(Checks.signUp(form.languageFirst(locale.getLanguage())), "form",
					request.getRemoteAddr());
		}
		catch (InvalidInputException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("problems", byField(ex.problems()));
			return "subscription/subscribe";
		}
		return "subscription/check-inbox";
	}

	@GetMapping("/confirm/{token}")
	String confirmPage(@PathVariable String token, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		if (!this.subscriptions.canConfirm(token)) {
			return invalidLink(response);
		}
		ReaderLocaleResolver.speakTo(request, this.subscriptions.languages(token));
		model.addAttribute("token", token);
		return "subscription/confirm";
	}

	@PostMapping("/confirm/{token}")
	String confirm(@PathVariable String token, Model model, HttpServletResponse response) {
		Optional<SubscriberId> confirmed = this.subscriptions.confirm(token);
		if (confirmed.isEmpty()) {
			return invalidLink(response);
		}
		model.addAttribute("preferencesUrl", this.links.preferences(confirmed.get()));
		return "subscription/confirmed";
	}

	@GetMapping("/preferences/{token}")
	String preferences(@PathVariable String token, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		Optional<Subscriber> subscriber = this.subscriptions.subscriber(token);
		if (subscriber.isEmpty()) {
			return invalidLink(response);
		}
		ReaderLocaleResolver.speakTo(request, subscriber.get().languages());
		return preferencesPage(token, subscriber.get(), form(subscriber.get()), Map.of(), false, model);
	}

	@PostMapping("/preferences/{token}")
	String changePreferences(@PathVariable String token, @ModelAttribute("form") SignUpRequest form, Model model,
			HttpServletRequest request, HttpServletResponse response, java.util.Locale locale) {
		Optional<Subscriber> subscriber = this.subscriptions.subscriber(token);
		if (subscriber.isEmpty()) {
			return invalidLink(response);
		}
		ReaderLocaleResolver.speakTo(request, subscriber.get().languages());
		try {
			Profile profile = Checks.profile(form.languageFirst(locale.getLanguage()));
			if (!this.subscriptions.update(token, profile)) {
				return invalidLink(response);
			}
		}
		catch (InvalidInputException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return preferencesPage(token, subscriber.get(), form, byField(ex.problems()), false, model);
		}
		Subscriber saved = this.subscriptions.subscriber(token).orElse(subscriber.get());
		return preferencesPage(token, saved, form(saved), Map.of(), true, model);
	}

	private String preferencesPage(String token, Subscriber subscriber, SignUpRequest form,
			Map<String, String> problems, boolean saved, Model model) {
		model.addAttribute("token", token);
		model.addAttribute("email", subscriber.email());
		model.addAttribute("status", subscriber.status().name().toLowerCase(java.util.Locale.ROOT));
		model.addAttribute("form", form);
		model.addAttribute("problems", problems);
		model.addAttribute("saved", saved);
		model.addAttribute("unsubscribeUrl", this.links.unsubscribe(SubscriberId.parse(subscriber.id())));
		return "subscription/preferences";
	}

	@GetMapping("/preferences/{token}/export")
	@ResponseBody
	ResponseEntity<?> export(@PathVariable String token) {
		return this.subscriptions.export(token)
			.<ResponseEntity<?>>map((data) -> ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.header(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.attachment().filename("my-subscription.json").build().toString())
				.body(data))
			.orElseGet(() -> ResponseEntity.status(HttpStatus.BAD_REQUEST)
				.contentType(MediaType.TEXT_PLAIN)
				.body("This link is not valid or has expired."));
	}

	@PostMapping("/preferences/{token}/erase")
	String erase(@PathVariable String token, HttpServletResponse response) {
		if (!this.subscriptions.erase(token)) {
			return invalidLink(response);
		}
		return "subscription/erased";
	}

	@GetMapping("/unsubscribe/{token}")
	String unsubscribePage(@PathVariable String token, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		if (!this.subscriptions.canUnsubscribe(token)) {
			return invalidLink(response);
		}
		ReaderLocaleResolver.speakTo(request, this.subscriptions.languages(token));
		model.addAttribute("token", token);
		return "subscription/unsubscribe";
	}

	/**
	 * RFC 8058 one-click unsubscribe: no cookies, no CSRF token, no redirect; the signed
	 * token is the authority. The unsubscribe page's button posts the same body.
	 */
	@PostMapping("/unsubscribe/{token}")
	String unsubscribe(@PathVariable String token,
			@RequestParam(name = "List-Unsubscribe", required = false) @Nullable String oneClick,
			HttpServletResponse response) {
		if (!ONE_CLICK.equals(oneClick) || !this.subscriptions.unsubscribe(token)) {
			return invalidLink(response);
		}
		return "subscription/unsubscribed";
	}

	@ExceptionHandler
	String refused(SignUpRefusedException ex, Model model, HttpServletResponse response) {
		choices(model);
		if (ex.tooMany()) {
			return problemPage(response, HttpStatus.TOO_MANY_REQUESTS, "Too many sign-ups",
					"Too many sign-ups came from your connection. Please wait a few minutes and try again.", model);
		}
		return problemPage(response, HttpStatus.SERVICE_UNAVAILABLE, "Please try again later",
				"We are receiving too many sign-ups right now. Please try again in a few minutes.", model);
	}

	static String problemPage(HttpServletResponse response, HttpStatus status, String title, String detail,
			Model model) {
		response.setStatus(status.value());
		model.addAttribute("title", title);
		model.addAttribute("detail", detail);
		return "subscription/problem";
	}

	private static String invalidLink(HttpServletResponse response) {
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return "subscription/invalid-link";
	}

	private static Map<String, String> byField(List<FieldProblem> problems) {
		Map<String, String> byField = new java.util.LinkedHashMap<>();
		problems.forEach((problem) -> byField.merge(problem.field(), problem.message(), (a, b) -> a + " " + b));
		return byField;
	}

	private static SignUpRequest form(Subscriber subscriber) {
		return new SignUpRequest(null, subscriber.name(), subscriber.residenceCountry(), subscriber.languages(),
				subscriber.preferences().campaigns(), subscriber.preferences().countries(),
				subscriber.preferences().kinds().stream().map(Enum::name).toList(),
				subscriber.preferences().cadence().name(), subscriber.timeZone(), null);
	}

}
