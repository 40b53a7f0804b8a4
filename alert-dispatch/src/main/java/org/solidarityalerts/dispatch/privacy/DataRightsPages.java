package org.solidarityalerts.dispatch.privacy;

import jakarta.servlet.http.HttpServletResponse;
import org.solidarityalerts.dispatch.subscription.Pages;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Export and erasure, from the preferences page: the export is a JSON download, erasure a
 * form with a CSRF token.
 */
@Controller
class DataRightsPages {

	private final DataRights rights;

	DataRightsPages(DataRights rights) {
		this.rights = rights;
	}

	@GetMapping("/preferences/{token}/export")
	ResponseEntity<SubscriberData> export(@PathVariable String token) {
		return this.rights.export(token)
			.map((data) -> ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.header(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.attachment().filename("my-subscription.json").build().toString())
				.body(data))
			.orElseThrow(InvalidLink::new);
	}

	/**
	 * A link that cannot be used gets the same page in the reader's language as others.
	 */
	@ExceptionHandler
	String invalidLink(InvalidLink ex, HttpServletResponse response) {
		return Pages.invalidLink(response);
	}

	@PostMapping("/preferences/{token}/erase")
	String erase(@PathVariable String token, HttpServletResponse response) {
		if (!this.rights.erase(token)) {
			return Pages.invalidLink(response);
		}
		return "subscription/erased";
	}

	private static final class InvalidLink extends RuntimeException {

		InvalidLink() {
			super(null, null, false, false);
		}

	}

}
