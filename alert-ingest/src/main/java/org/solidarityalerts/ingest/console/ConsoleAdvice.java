package org.solidarityalerts.ingest.console;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.ingest.alert.AlertNotFoundException;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * What every console page shares: who is logged in, and a plain 404 page for an alert the
 * user may not see (it does not exist or is another organisation's; the two are not told
 * apart).
 */
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
@ControllerAdvice(assignableTypes = { AlertPages.class, AccountPages.class, PreviewPages.class, ProgressPages.class,
		ActionCountPages.class, WebhookPages.class })
class ConsoleAdvice {

	@ModelAttribute("user")
	@Nullable SignedIn user(@AuthenticationPrincipal @Nullable ConsolePrincipal user) {
		return (user != null) ? new SignedIn(user.getUsername(), user.organisation()) : null;
	}

	@ExceptionHandler(AlertNotFoundException.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String notFound() {
		return "console/not-found";
	}

}
