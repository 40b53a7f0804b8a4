package org.solidarityalerts.dispatch.preview;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.service.ProblemDetails;
import tools.jackson.core.JacksonException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The internal preview API, for ingest only (a service token, see
 * {@link PreviewSecurity}): {@code POST /internal/v1/previews} answers what a reader
 * would receive of an alert, {@code POST /internal/v1/previews/test-sends} sends one test
 * of it to the address given. The body is read with the contract's wire format, as the
 * alert is on Kafka.
 */
@RestController
@RequestMapping(path = "/internal/v1/previews", consumes = MediaType.APPLICATION_JSON_VALUE)
class PreviewController {

	private final Previews previews;

	PreviewController(Previews previews) {
		this.previews = previews;
	}

	@PostMapping
	Preview preview(@RequestBody byte[] body) {
		PreviewRequest request = read(body);
		return this.previews.preview(request.alert(), request.reader());
	}

	@PostMapping("/test-sends")
	Previews.TestSend sendTest(@RequestBody byte[] body) {
		PreviewRequest request = read(body);
		String to = request.to();
		if (to == null || !validAddress(to)) {
			throw new InvalidPreviewException("to", "Give the one address to send the test to.");
		}
		return this.previews.sendTest(request.alert(), request.reader(), to);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalid(InvalidPreviewException ex) {
		ProblemDetail problem = ProblemDetails.of(HttpStatus.BAD_REQUEST, "Invalid preview request", ex.getMessage());
		if (ex.field != null) {
			problem.setProperty("field", ex.field);
		}
		return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static PreviewRequest read(byte[] body) {
		PreviewRequest request;
		try {
			request = WireFormat.jsonMapper().readValue(body, PreviewRequest.class);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new InvalidPreviewException(null,
					"The body is not a preview request: an alert in the contract's wire format and a reader.");
		}
		if (request == null || request.alert() == null) {
			throw new InvalidPreviewException("alert", "Give the alert to preview.");
		}
		if (request.reader() == null) {
			throw new InvalidPreviewException("reader", "Give the reader to preview it for.");
		}
		return request;
	}

	private static boolean validAddress(String address) {
		try {
			new InternetAddress(address, true).validate();
			return address.indexOf('@') > 0;
		}
		catch (AddressException ex) {
			return false;
		}
	}

	/**
	 * A preview request that cannot be read, named by its field.
	 */
	static final class InvalidPreviewException extends RuntimeException {

		private final @Nullable String field;

		InvalidPreviewException(@Nullable String field, String detail) {
			super(detail);
			this.field = field;
		}

	}

}
