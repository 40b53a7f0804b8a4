package org.solidarityalerts.dispatch.preferences;

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
import org.solidarityalerts.dispatch.subscription.Profile;
import org.solidarityalerts.dispatch.subscription.SignUpRequest;
import org.solidarityalerts.dispatch.web.ReaderLocaleResolver;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The preferences page and the unsubscribe page. Server-rendered, no script; the
 * preferences form carries a CSRF token, the one-click unsubscribe does not (RFC 8058).
 */
@Controller
class PreferencesPages {

	private static final String ONE_CLICK = "One-Click";

	private final SubscriptionChanges subscriptions;

	private final SignedLinks links;

	PreferencesPages(SubscriptionChanges subscriptions, SignedLinks links) {
		this.subscriptions = subscriptions;
		this.links = links;
	}

	@ModelAttribute
	void choices(Model model) {
		Pages.choices(model);
	}

	@GetMapping("/preferences/{token}")
	String preferences(@PathVariable String token, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		Optional<Subscriber> subscriber = this.subscriptions.subscriber(token);
		if (subscriber.isEmpty()) {
			return Pages.invalidLink(response);
		}
		ReaderLocaleResolver.speakTo(request, subscriber.get().languages());
		return preferencesPage(token, subscriber.get(), form(subscriber.get()), Map.of(), false, model);
	}

	@InitBinder("form")
	void consent(WebDataBinder binder) {
		Pages.consentAsGiven(binder);
	}

	@PostMapping("/preferences/{token}")
	String changePreferences(@PathVariable String token, @ModelAttribute("form") SignUpRequest form, Model model,
			HttpServletRequest request, HttpServletResponse response, Locale locale) {
		Optional<Subscriber> subscriber = this.subscriptions.subscriber(token);
		if (subscriber.isEmpty()) {
			return Pages.invalidLink(response);
		}
		ReaderLocaleResolver.speakTo(request, subscriber.get().languages());
		try {
			Profile profile = Checks.profile(form.languageFirst(locale.getLanguage()));
			if (!this.subscriptions.update(token, profile)) {
				return Pages.invalidLink(response);
			}
		}
		catch (InvalidInputException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return preferencesPage(token, subscriber.get(), form, Pages.byField(ex.problems()), false, model);
		}
		Subscriber saved = this.subscriptions.subscriber(token).orElse(subscriber.get());
		return preferencesPage(token, saved, form(saved), Map.of(), true, model);
	}

	private String preferencesPage(String token, Subscriber subscriber, SignUpRequest form,
			Map<String, String> problems, boolean saved, Model model) {
		model.addAttribute("token", token);
		model.addAttribute("email", subscriber.email());
		model.addAttribute("status", subscriber.status().name().toLowerCase(Locale.ROOT));
		model.addAttribute("form", form);
		model.addAttribute("problems", problems);
		model.addAttribute("saved", saved);
		model.addAttribute("unsubscribeUrl", this.links.unsubscribe(SubscriberId.parse(subscriber.id())));
		return "subscription/preferences";
	}

	@GetMapping("/unsubscribe/{token}")
	String unsubscribePage(@PathVariable String token, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		if (!this.subscriptions.canUnsubscribe(token)) {
			return Pages.invalidLink(response);
		}
		ReaderLocaleResolver.speakTo(request, this.subscriptions.unsubscribingLanguages(token));
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
			return Pages.invalidLink(response);
		}
		return "subscription/unsubscribed";
	}

	private static SignUpRequest form(Subscriber subscriber) {
		return new SignUpRequest(null, subscriber.name(), subscriber.residenceCountry(), subscriber.languages(),
				subscriber.preferences().campaigns(), subscriber.preferences().countries(),
				subscriber.preferences().kinds().stream().map(Enum::name).toList(),
				subscriber.preferences().cadence().name(), subscriber.timeZone(), null);
	}

}
