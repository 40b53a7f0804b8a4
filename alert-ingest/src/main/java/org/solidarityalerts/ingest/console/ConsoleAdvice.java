package org.solidarityalerts.ingest.console;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.ingest.alert.AlertNotFoundException;

import org.springframework.beans.InvalidPropertyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * What every console page shares: who is logged in, a plain 404 page for an alert the
 * user may not see (it does not exist or is another organisation's; the two are not told
 * apart), and a page for a form that cannot be read.
 */
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
@ControllerAdvice(assignableTypes = { AlertPages.class, AccountPages.class, PreviewPages.class, ProgressPages.class,
		ActionCountPages.class, WebhookPages.class })
class ConsoleAdvice {

	@ModelAttribute("user")
	@Nullable SignedIn user(@AuthenticationPrincipal @Nullable ConsolePrincipal user) {
		return (user != null) ? new SignedIn(user.getUsername(), user.organisation()) : null;
	}

	/**
	 * A form that binds only in part (a number that is not a number, an index beyond the
	 * rows a form can grow to) is a page too, naming the fields but never their values,
	 * instead of the API's problem details or a failure; nothing was stored.
	 * @param ex the failure to bind
	 * @param model the page's model
	 * @return the view
	 */
	@ExceptionHandler({ BindException.class, MethodArgumentTypeMismatchException.class,
			InvalidPropertyException.class })
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	String unreadable(Exception ex, Model model) {
		List<String> fields = switch (ex) {
			case BindException bind -> bind.getFieldErrors().stream().map(FieldError::getField).distinct().toList();
			case MethodArgumentTypeMismatchException mismatch -> List.of(mismatch.getName());
			case InvalidPropertyException property -> List.of(property.getPropertyName());
			default -> List.of();
		};
		model.addAttribute("fields", fields);
		return "console/unreadable";
	}

	@ExceptionHandler(AlertNotFoundException.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String notFound() {
		return "console/not-found";
	}

}
