package org.solidarityalerts.ingest.console;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.ingest.console.ConsoleUsers.IssuedInvitation;
import org.solidarityalerts.ingest.organiser.Organiser;
import org.solidarityalerts.service.ProblemDetails;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Operators invite a person to an organisation's console through the admin API (only
 * operator keys reach {@code /api/v1/admin/**}). The answer holds the single-use link,
 * which the operator hands to the person; it is not stored and not logged.
 */
@RestController
class InvitationController {

	private static final Logger logger = LoggerFactory.getLogger(InvitationController.class);

	private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

	private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\"]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");

	private final ConsoleUsers users;

	private final ConsoleAudit audit;

	private final ConsoleProperties properties;

	InvitationController(ConsoleUsers users, ConsoleAudit audit, ConsoleProperties properties) {
		this.users = users;
		this.audit = audit;
		this.properties = properties;
	}

	@Operation(summary = "Invite a person to an organisation's console",
			description = "The answer's link works once, until it expires; only its hash is stored.")
	@PostMapping("/api/v1/admin/console-invitations")
	ResponseEntity<InvitationLink> invite(@AuthenticationPrincipal Organiser operator,
			@RequestBody InvitationRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		if (request.organisation() == null || !SLUG.matcher(request.organisation()).matches()) {
			errors.add(Map.of("field", "organisation", "reason",
					"must be a slug of lower-case letters, digits and dashes (1 to 64)"));
		}
		if (request.email() == null || request.email().length() > 254
				|| !EMAIL.matcher(request.email().strip()).matches()) {
			errors.add(Map.of("field", "email", "reason", "must be the e-mail address the person will log in with"));
		}
		if (!errors.isEmpty()) {
			ProblemDetail problem = ProblemDetails.of(HttpStatus.BAD_REQUEST, "Invalid invitation",
					errors.size() + " field(s) are not valid; nobody was invited.");
			problem.setProperty("errors", errors);
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
		}
		IssuedInvitation issued;
		try {
			issued = this.users.invite(request.organisation(), request.email(), operator.keyId());
		}
		catch (IllegalStateException ex) {
			throw new ErrorResponseException(HttpStatus.CONFLICT,
					ProblemDetails.of(HttpStatus.CONFLICT, "Address taken", "The address " + ex.getMessage() + "."),
					null);
		}
		this.audit.record(request.organisation(), "operator key " + operator.keyId(), "user.invited", null, null);
		logger.info("Operator key {} invited a console user for organisation {}", operator.keyId(),
				request.organisation());
		URI base = (this.properties.publicUrl() != null) ? this.properties.publicUrl()
				: ServletUriComponentsBuilder.fromCurrentContextPath().build().toUri();
		URI link = URI.create(base.toString().replaceAll("/+$", "") + "/console/invitations/" + issued.token());
		return ResponseEntity.status(HttpStatus.CREATED).body(new InvitationLink(link, issued.expiresAt()));
	}

	/**
	 * An invitation to make.
	 *
	 * @param organisation the organisation the person joins (a slug)
	 * @param email the address they will log in with
	 */
	record InvitationRequest(@Nullable String organisation, @Nullable String email) {
	}

	/**
	 * A made invitation.
	 *
	 * @param link the single-use link to hand to the person
	 * @param expiresAt when it stops working
	 */
	record InvitationLink(URI link, Instant expiresAt) {
	}

}
