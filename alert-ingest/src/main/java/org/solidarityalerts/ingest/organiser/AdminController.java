package org.solidarityalerts.ingest.organiser;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.ingest.organiser.ApiKeys.IssuedKey;
import org.solidarityalerts.service.ProblemDetails;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' endpoints: issuing and revoking API keys. Only keys with the operator role
 * reach them (see {@link SecurityConfiguration}).
 */
@RestController
@RequestMapping("/api/v1/admin/api-keys")
class AdminController {

	private static final Logger logger = LoggerFactory.getLogger(AdminController.class);

	private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

	private final ApiKeys apiKeys;

	AdminController(ApiKeys apiKeys) {
		this.apiKeys = apiKeys;
	}

	@Operation(summary = "Issue an API key", description = "The key is in the response only; it is stored hashed.")
	@PostMapping
	ResponseEntity<IssuedKey> issue(@AuthenticationPrincipal Organiser operator, @RequestBody KeyRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		if (request.organisation() == null || !SLUG.matcher(request.organisation()).matches()) {
			errors.add(error("organisation", "must be a slug of lower-case letters, digits and dashes (1 to 64)"));
		}
		if (request.role() == null) {
			errors.add(error("role", "is required: ORGANISER or OPERATOR"));
		}
		if (request.label() == null || request.label().isBlank() || request.label().length() > 200
				|| request.label().chars().anyMatch(Character::isISOControl)) {
			errors.add(error("label", "is required: one line of at most 200 characters saying what the key is for"));
		}
		if (!errors.isEmpty()) {
			ProblemDetail problem = ProblemDetails.of(HttpStatus.BAD_REQUEST, "Invalid key request",
					errors.size() + " field(s) are not valid; no key was issued.");
			problem.setProperty("errors", errors);
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
		}
		IssuedKey issued = this.apiKeys.issue(request.organisation(), request.role(), request.label());
		logger.info("Operator key {} issued key {} ({}) for organisation {}", operator.keyId(), issued.id(),
				issued.role(), issued.organisation());
		return ResponseEntity.created(URI.create("/api/v1/admin/api-keys/" + issued.id())).body(issued);
	}

	@Operation(summary = "Revoke an API key", description = "At once: the next request with it is refused (401).")
	@DeleteMapping("/{id}")
	ResponseEntity<Void> revoke(@AuthenticationPrincipal Organiser operator, @PathVariable String id) {
		if (!this.apiKeys.revoke(id)) {
			ProblemDetail problem = ProblemDetails.of(HttpStatus.NOT_FOUND, "API key not found",
					"No active API key has the id '" + id + "'.");
			throw new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
		}
		logger.info("Operator key {} revoked key {}", operator.keyId(), id);
		return ResponseEntity.noContent().build();
	}

	private static Map<String, String> error(String field, String reason) {
		return Map.of("field", field, "reason", reason);
	}

	/**
	 * A request for a new key.
	 *
	 * @param organisation the organisation it acts for (a slug)
	 * @param role what it may do
	 * @param label what it is for, e.g. "campaign website"
	 */
	record KeyRequest(@Nullable String organisation, @Nullable Role role, @Nullable String label) {
	}

}
