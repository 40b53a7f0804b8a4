package org.solidarityalerts.dispatch.signup;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.links.SignedLinks;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscription.Checks;
import org.solidarityalerts.dispatch.subscription.InvalidInputException;
import org.solidarityalerts.dispatch.subscription.Pages;
import org.solidarityalerts.dispatch.subscription.SignUpRequest;
import org.solidarityalerts.dispatch.web.ReaderLocaleResolver;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sign-up page and the confirmation link's page. Server-rendered, no script; every
 * form carries a CSRF token.
 */
@Controller
class SignUpPages {

	private final SignUps signUps;

	private final SignedLinks links;

	SignUpPages(SignUps signUps, SignedLinks links) {
		this.signUps = signUps;
		this.links = links;
	}

	@ModelAttribute
	void choices(Model model) {
		Pages.choices(model);
	}

	@GetMapping("/subscribe")
	String signUpForm(@RequestParam(name = "campaign", required = false) @Nullable String campaign, Locale locale,
			Model model) {
		model.addAttribute("form", SignUpRequest.blank(campaign, locale.getLanguage()));
		model.addAttribute("problems", Map.of());
		return "subscription/subscribe";
	}

	@InitBinder("form")
	void consent(WebDataBinder binder) {
		Pages.consentAsGiven(binder);
	}

	@PostMapping("/subscribe")
	String signUp(@ModelAttribute("form") SignUpRequest form, HttpServletRequest request, Model model,
			HttpServletResponse response, Locale locale) {
		try {
			this.signUps.signUp(Checks.signUp(form.languageFirst(locale.getLanguage())), "form",
					request.getRemoteAddr());
		}
		catch (InvalidInputException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("problems", Pages.byField(ex.problems()));
			return "subscription/subscribe";
		}
		return "subscription/check-inbox";
	}

	@GetMapping("/confirm/{token}")
	String confirmPage(@PathVariable String token, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		if (!this.signUps.canConfirm(token)) {
			return Pages.invalidLink(response);
		}
		ReaderLocaleResolver.speakTo(request, this.signUps.languages(token));
		model.addAttribute("token", token);
		return "subscription/confirm";
	}

	@PostMapping("/confirm/{token}")
	String confirm(@PathVariable String token, Model model, HttpServletResponse response) {
		Optional<Subscriber> confirmed = this.signUps.confirm(token);
		if (confirmed.isEmpty()) {
			return Pages.invalidLink(response);
		}
		// The name came with the sign-up, which anyone may have made: the confirmation
		// e-mail does not carry it, so the page shows it beside the way to change it.
		model.addAttribute("name", confirmed.get().name());
		model.addAttribute("preferencesUrl", this.links.preferences(SubscriberId.parse(confirmed.get().id())));
		return "subscription/confirmed";
	}

	@ExceptionHandler
	String refused(SignUpRefusedException ex, Model model, HttpServletResponse response) {
		Pages.choices(model);
		response.setHeader(HttpHeaders.RETRY_AFTER, ex.retryAfterSeconds());
		if (ex.tooMany()) {
			return Pages.problemPage(response, HttpStatus.TOO_MANY_REQUESTS, "Too many sign-ups",
					"Too many sign-ups came from your connection. Please wait a few minutes and try again.", model);
		}
		return Pages.problemPage(response, HttpStatus.SERVICE_UNAVAILABLE, "Please try again later",
				"We could not take your sign-up just now, so nothing was saved. Please try again in a few minutes.",
				model);
	}

}
