package org.solidarityalerts.ingest.organiser;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.service.ProblemDetails;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's part of the admin API for an organisation's test address: the one
 * address test sends of its previews go to. Only the operator sets it, once they have
 * verified that the address is the organisation's (the body says so), so an organiser's
 * key cannot send alert mail to an address of its choosing.
 */
@RestController
@RequestMapping("/api/v1/admin/organisations/{organisation}/test-address")
class TestAddressController {

	private static final Logger logger = LoggerFactory.getLogger(TestAddressController.class);

	private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

	/** One mailbox: no spaces, controls, commas or angle brackets, one @. */
	private static final Pattern ADDRESS = Pattern
		.compile("[^\\s\\p{Cntrl},;<>@\"]{1,64}@[^\\s\\p{Cntrl},;<>@\"]{1,189}");

	private final Organisations organisations;

	TestAddressController(Organisations organisations) {
		this.organisations = organisations;
	}

	@Operation(summary = "Set an organisation's test address",
			description = "Only after verifying that the address is the organisation's own: verified must be true.")
	@PutMapping
	Organisation set(@AuthenticationPrincipal Organiser operator, @PathVariable String organisation,
			@RequestBody TestAddressRequest request) {
		String slug = slug(organisation);
		String address = request.address();
		if (address == null || address.length() > 254 || !ADDRESS.matcher(address).matches()) {
			throw invalid("address", "must be one e-mail address");
		}
		if (!Boolean.TRUE.equals(request.verified())) {
			throw invalid("verified",
					"must be true: set the address only once you have verified it is the " + "organisation's own");
		}
		Organisation set = this.organisations.setTestAddress(slug, address, operator.keyId());
		logger.info("Operator key {} set the test address of organisation {}", operator.keyId(), slug);
		return set;
	}

	@Operation(summary = "Remove an organisation's test address",
			description = "Test sends are refused until one is set.")
	@DeleteMapping
	ResponseEntity<Void> clear(@AuthenticationPrincipal Organiser operator, @PathVariable String organisation) {
		if (!this.organisations.clearTestAddress(slug(organisation))) {
			throw notFound(organisation);
		}
		logger.info("Operator key {} removed the test address of organisation {}", operator.keyId(), organisation);
		return ResponseEntity.noContent().build();
	}

	private static String slug(String organisation) {
		if (!SLUG.matcher(organisation).matches()) {
			throw invalid("organisation", "must be a slug of lower-case letters, digits and dashes (1 to 64)");
		}
		return organisation;
	}

	private static ErrorResponseException invalid(String field, String reason) {
		ProblemDetail problem = ProblemDetails.of(HttpStatus.BAD_REQUEST, "Invalid test address",
				"'" + field + "' " + reason + "; nothing was changed.");
		problem.setProperty("errors", List.of(Map.of("field", field, "reason", reason)));
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

	private static ErrorResponseException notFound(String organisation) {
		return new ErrorResponseException(HttpStatus.NOT_FOUND, ProblemDetails.of(HttpStatus.NOT_FOUND,
				"No test address", "The organisation '" + organisation + "' has no test address."), null);
	}

	/**
	 * An organisation's test address, as the operator verified it.
	 *
	 * @param address the address
	 * @param verified that the operator verified it is the organisation's own
	 */
	record TestAddressRequest(@Nullable String address, @Nullable Boolean verified) {
	}

}
