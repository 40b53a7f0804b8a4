package org.solidarityalerts.ingest.console;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.ingest.organiser.Organiser;
import org.solidarityalerts.service.ProblemDetails;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators manage an organisation's console users through the admin API (only operator
 * keys reach {@code /api/v1/admin/**}): list them, reset a lost or leaked second factor,
 * disable a user whose access must end now (a person who left, a stolen phone). Each
 * change is in the organisation's audit log. A user id of another organisation is
 * answered as unknown, so a mistyped organisation changes nobody.
 */
@RestController
@RequestMapping("/api/v1/admin/organisations/{organisation}/console-users")
class ConsoleUserController {

	private static final Logger logger = LoggerFactory.getLogger(ConsoleUserController.class);

	private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

	private final ConsoleUsers users;

	private final ConsoleAudit audit;

	ConsoleUserController(ConsoleUsers users, ConsoleAudit audit) {
		this.users = users;
		this.audit = audit;
	}

	@Operation(summary = "List an organisation's console users",
			description = "Their addresses, second factor, last sign-in and whether they are disabled.")
	@GetMapping
	List<ConsoleUserView> list(@PathVariable String organisation) {
		return this.users.of(slug(organisation)).stream().map(ConsoleUserView::of).toList();
	}

	@Operation(summary = "Reset a console user's second factor",
			description = "The user must set up a new one at their next sign-in before anything else.")
	@DeleteMapping("/{id}/second-factor")
	ResponseEntity<Void> resetSecondFactor(@AuthenticationPrincipal Organiser operator,
			@PathVariable String organisation, @PathVariable String id) {
		ConsoleUser user = user(organisation, id);
		this.users.resetSecondFactor(user.id());
		changed(operator, user, "user.second-factor-reset");
		return ResponseEntity.noContent().build();
	}

	@Operation(summary = "Disable a console user",
			description = "Their logins are refused and their sessions end at their next request.")
	@PostMapping("/{id}/disable")
	ResponseEntity<Void> disable(@AuthenticationPrincipal Organiser operator, @PathVariable String organisation,
			@PathVariable String id) {
		ConsoleUser user = user(organisation, id);
		this.users.setDisabled(user.id(), true);
		changed(operator, user, "user.disabled");
		return ResponseEntity.noContent().build();
	}

	@Operation(summary = "Enable a disabled console user", description = "They may log in again.")
	@PostMapping("/{id}/enable")
	ResponseEntity<Void> enable(@AuthenticationPrincipal Organiser operator, @PathVariable String organisation,
			@PathVariable String id) {
		ConsoleUser user = user(organisation, id);
		this.users.setDisabled(user.id(), false);
		changed(operator, user, "user.enabled");
		return ResponseEntity.noContent().build();
	}

	private void changed(Organiser operator, ConsoleUser user, String action) {
		this.audit.record(user.organisation(), "operator key " + operator.keyId(), action, null, user.email());
		logger.info("Operator key {}: {} of console user {} of organisation {}", operator.keyId(), action, user.id(),
				user.organisation());
	}

	private ConsoleUser user(String organisation, String id) {
		return this.users.of(slug(organisation), id)
			.orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
					ProblemDetails.of(HttpStatus.NOT_FOUND, "Console user not found",
							"The organisation '" + organisation + "' has no console user with the id '" + id + "'."),
					null));
	}

	private static String slug(String organisation) {
		if (!SLUG.matcher(organisation).matches()) {
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST,
					ProblemDetails.of(HttpStatus.BAD_REQUEST, "Invalid organisation",
							"The organisation must be a slug of lower-case letters, digits and dashes (1 to 64)."),
					null);
		}
		return organisation;
	}

	/**
	 * A console user as operators see them (never their password hash or secret).
	 *
	 * @param id the user's id
	 * @param email the address they log in with
	 * @param secondFactor whether their second factor is on
	 * @param enrolmentRequired whether they must set up a second factor at their next
	 * sign-in (an operator reset it)
	 * @param disabled whether they are disabled
	 * @param lastSignInAt when they last signed in, if ever
	 * @param createdAt when they joined
	 */
	record ConsoleUserView(String id, String email, boolean secondFactor, boolean enrolmentRequired, boolean disabled,
			@Nullable Instant lastSignInAt, Instant createdAt) {

		static ConsoleUserView of(ConsoleUser user) {
			return new ConsoleUserView(user.id(), user.email(), user.secondFactor(), user.mustEnrol(),
					user.isDisabled(), user.lastSignInAt(), user.createdAt());
		}

	}

}
