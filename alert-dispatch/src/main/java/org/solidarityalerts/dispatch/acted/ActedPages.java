package org.solidarityalerts.dispatch.acted;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.solidarityalerts.dispatch.links.SubscriberTokens;
import org.solidarityalerts.dispatch.links.SubscriberTokens.Acted;
import org.solidarityalerts.dispatch.subscriber.Recipient;
import org.solidarityalerts.dispatch.subscriber.SubscriberStore;
import org.solidarityalerts.dispatch.subscription.Pages;
import org.solidarityalerts.dispatch.web.ReaderLocaleResolver;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The page of an "I did this" link, and its button. The GET only asks: mail scanners and
 * link previews follow links, and must count nothing. The POST is stateless, without
 * cookies or CSRF token, like the one-click unsubscribe: the signed token is the
 * authority, and a forged POST could only report, once, what the token's reader could.
 */
@Controller
class ActedPages {

	private final SubscriberTokens tokens;

	private final SubscriberStore subscribers;

	private final ActionReports reports;

	ActedPages(SubscriberTokens tokens, SubscriberStore subscribers, ActionReports reports) {
		this.tokens = tokens;
		this.subscribers = subscribers;
		this.reports = reports;
	}

	@GetMapping("/acted/{token}")
	String page(@PathVariable String token, Model model, HttpServletRequest request, HttpServletResponse response) {
		Optional<Recipient> reader = this.tokens.verifyActed(token).flatMap(this::reader);
		if (reader.isEmpty()) {
			return Pages.invalidLink(response);
		}
		ReaderLocaleResolver.speakTo(request, reader.get().languages());
		model.addAttribute("token", token);
		return "subscription/acted";
	}

	@PostMapping("/acted/{token}")
	String report(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
		Optional<Acted> acted = this.tokens.verifyActed(token);
		Optional<Recipient> reader = acted.flatMap(this::reader);
		if (acted.isEmpty() || reader.isEmpty()) {
			return Pages.invalidLink(response);
		}
		ReaderLocaleResolver.speakTo(request, reader.get().languages());
		this.reports.report(acted.get());
		return "subscription/acted-done";
	}

	/**
	 * The reader a token names, while they exist: an erased reader's link reports
	 * nothing.
	 */
	private Optional<Recipient> reader(Acted acted) {
		return this.subscribers.recipients(List.of(acted.subscriber())).stream().findFirst();
	}

}
