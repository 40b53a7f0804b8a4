package org.solidarityalerts.ingest.alert;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.ingest.alert.InvalidAlertException.FieldProblem;
import org.solidarityalerts.ingest.organiser.Organisations;
import org.solidarityalerts.ingest.organiser.Organiser;
import org.solidarityalerts.ingest.preview.DispatchPreviews;
import org.solidarityalerts.ingest.preview.DispatchUnavailableException;
import org.solidarityalerts.ingest.preview.ReaderProfile;
import org.solidarityalerts.ingest.preview.RenderedPreview;
import org.solidarityalerts.ingest.preview.TestSendLimit;
import org.solidarityalerts.service.ProblemDetails;
import org.solidarityalerts.service.RetryAfter;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Previews for organisers: what one reader would receive of a draft or of a stored alert,
 * rendered by dispatch with the mail code of real deliveries, and one test of it sent to
 * the organisation's own verified test address. The snapshot is built as the outbox
 * builds it; a draft is checked as a post is, and nothing is stored.
 */
@RestController
@RequestMapping("/api/v1/previews")
@Tag(name = "Previews", description = "See what a reader would receive, and send yourself a test")
class PreviewController {

	private static final Logger logger = LoggerFactory.getLogger(PreviewController.class);

	private final AlertService alerts;

	private final AlertValidator validator;

	private final DispatchPreviews dispatch;

	private final Organisations organisations;

	private final TestSendLimit testSends;

	PreviewController(AlertService alerts, AlertValidator validator, DispatchPreviews dispatch,
			Organisations organisations, TestSendLimit testSends) {
		this.alerts = alerts;
		this.validator = validator;
		this.dispatch = dispatch;
		this.organisations = organisations;
		this.testSends = testSends;
	}

	@Operation(operationId = "previewAlert", summary = "What a reader would receive",
			description = "Give a draft (alert, the body of POST /api/v1/alerts, checked the same way; nothing is stored) or the alertId of one of your alerts, and a reader (languages, residenceCountry, timeZone, name). The answer is the subject, the HTML and text parts and the languages used, as dispatch writes them for delivery.")
	@PostMapping
	RenderedPreview preview(@AuthenticationPrincipal Organiser organiser, @RequestBody PreviewRequest request) {
		AlertSnapshot alert = snapshot(organiser, request);
		return this.dispatch.preview(alert, request.reader());
	}

	@Operation(operationId = "sendTestPreview", summary = "Send yourself a test",
			description = "Sends one test of the preview, marked [TEST] and X-Alert-Test: true, to your organisation's test address, which only the operator sets (409 when none is set). A few per minute per organisation (429).")
	@PostMapping("/test-sends")
	TestSend sendTest(@AuthenticationPrincipal Organiser organiser, @RequestBody PreviewRequest request) {
		AlertSnapshot alert = snapshot(organiser, request);
		String to = this.organisations.testAddress(organiser.organisation())
			.orElseThrow(() -> new NoTestAddressException(organiser.organisation()));
		this.testSends.take(organiser.organisation()).ifPresent((wait) -> {
			throw new TooManyTestSendsException(RetryAfter.seconds(wait));
		});
		DispatchPreviews.TestSent sent = this.dispatch.testSend(alert, request.reader(), to);
		logger.info("Key {} sent a test of alert {} to the test address of {}: {}", organiser.keyId(),
				alert.alertVersion(), organiser.organisation(), sent.status());
		return new TestSend(sent.status(), sent.preview());
	}

	private AlertSnapshot snapshot(Organiser organiser, PreviewRequest request) {
		if ((request.alert() == null) == (request.alertId() == null)) {
			throw new InvalidAlertException(List.of(new FieldProblem("alert",
					"give either alert (a draft, as posted to /api/v1/alerts) or alertId (one of your alerts)")));
		}
		this.validator.checkReader(request.reader());
		return (request.alert() != null) ? this.alerts.previewOf(organiser, request.alert())
				: this.alerts.latest(organiser, request.alertId());
	}

	@ExceptionHandler
	ProblemDetail unavailable(DispatchUnavailableException ex) {
		logger.warn("Preview failed: {}", ex.getMessage(), ex.getCause());
		return ProblemDetails.of(HttpStatus.BAD_GATEWAY, "Preview unavailable",
				"The preview could not be rendered just now; nothing was sent. Try again later.");
	}

	@ExceptionHandler
	ProblemDetail noTestAddress(NoTestAddressException ex) {
		return ProblemDetails.of(HttpStatus.CONFLICT, "No test address",
				"Your organisation has no verified test address; ask the operator to set one. Nothing was sent.");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> tooMany(TooManyTestSendsException ex) {
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header("Retry-After", Long.toString(ex.retryAfter))
			.body(ProblemDetails.of(HttpStatus.TOO_MANY_REQUESTS, "Too many test sends", "Your organisation may send "
					+ this.testSends.perMinute() + " tests per minute; try again in " + ex.retryAfter + " second(s)."));
	}

	/**
	 * What to preview.
	 *
	 * @param alert a draft, as posted to {@code /api/v1/alerts}
	 * @param alertId or the id of one of the organisation's alerts, previewed as it
	 * stands
	 * @param reader who would receive it
	 */
	record PreviewRequest(@Nullable AlertDraft alert, @Nullable String alertId, @Nullable ReaderProfile reader) {
	}

	/**
	 * A test sent.
	 *
	 * @param status what the SMTP server said: {@code sent}, {@code deferred} or
	 * {@code failed}
	 * @param preview what was sent (its subject marked as a test)
	 */
	record TestSend(String status, RenderedPreview preview) {
	}

	private static final class NoTestAddressException extends RuntimeException {

		NoTestAddressException(String organisation) {
			super("No test address for " + organisation);
		}

	}

	private static final class TooManyTestSendsException extends RuntimeException {

		private final long retryAfter;

		TooManyTestSendsException(long retryAfter) {
			super("Too many test sends");
			this.retryAfter = retryAfter;
		}

	}

}
