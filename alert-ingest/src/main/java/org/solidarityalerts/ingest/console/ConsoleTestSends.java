package org.solidarityalerts.ingest.console;

import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.ingest.organiser.Organisations;
import org.solidarityalerts.ingest.preview.DispatchPreviews;
import org.solidarityalerts.ingest.preview.DispatchUnavailableException;
import org.solidarityalerts.ingest.preview.TestSendLimit;
import org.solidarityalerts.service.RetryAfter;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * One test of what a reader would receive, sent to the organisation's operator-verified
 * test address only, under the API's limit, and audited: the same rules for a stored
 * alert (its page) and for an unsaved draft (the compose page), so they are written once.
 * The address typed in a form is never used and never shown.
 */
@Component
class ConsoleTestSends {

	/** The alert id a test of an unsaved draft is audited with. */
	static final String DRAFT = "draft";

	private static final Logger logger = LoggerFactory.getLogger(ConsoleTestSends.class);

	private final DispatchPreviews dispatch;

	private final Organisations organisations;

	private final TestSendLimit limit;

	private final ConsoleAudit audit;

	ConsoleTestSends(DispatchPreviews dispatch, Organisations organisations, TestSendLimit limit, ConsoleAudit audit) {
		this.dispatch = dispatch;
		this.organisations = organisations;
		this.limit = limit;
		this.audit = audit;
	}

	/**
	 * Sends the test, unless the reader has a problem, the organisation has no verified
	 * test address (409) or has used up its tests for now (429, with
	 * {@code Retry-After}); audits it as {@code alert.test-sent}. The model gets the
	 * preview of what was sent and {@code testSent}, or {@code testRefused}. With htmx a
	 * refusal answers 200 (htmx swaps no error response) so that its words are shown.
	 * @param user who sends it
	 * @param alert the alert's snapshot, stored or a draft's
	 * @param reader the reader whose version is sent
	 * @param alertId the alert id audited, {@link #DRAFT} for an unsaved draft
	 * @param what the audit's note on what was sent (the version, or the draft)
	 * @param htmx whether htmx asked
	 * @param model the page's model
	 * @param response the response, whose status says why not
	 * @return whether it was sent
	 */
	boolean send(ConsolePrincipal user, AlertSnapshot alert, PreviewPages.Reader reader, String alertId, String what,
			boolean htmx, Model model, HttpServletResponse response) {
		HttpStatus status = null;
		String refusal = reader.problem();
		Optional<String> to = this.organisations.testAddress(user.organisation());
		if (refusal == null && to.isEmpty()) {
			status = HttpStatus.CONFLICT;
			refusal = "Your organisation has no verified test address; ask the operator to set one. Nothing was sent.";
		}
		if (refusal == null) {
			Optional<Duration> wait = this.limit.take(user.organisation());
			if (wait.isPresent()) {
				long seconds = RetryAfter.seconds(wait.get());
				status = HttpStatus.TOO_MANY_REQUESTS;
				response.setHeader("Retry-After", Long.toString(seconds));
				refusal = "Too many test sends: your organisation may send " + this.limit.perMinute()
						+ " tests per minute; try again in " + seconds + " second(s). Nothing was sent.";
			}
		}
		if (refusal == null) {
			try {
				DispatchPreviews.TestSent sent = this.dispatch.testSend(alert, reader.profile(), to.orElseThrow());
				this.audit.record(user, "alert.test-sent", alertId,
						what + ", " + reader.describe() + ": " + sent.status());
				model.addAttribute("preview", sent.preview());
				model.addAttribute("testSent",
						sent.status().equals("sent") ? "Sent to your organisation's test address."
								: "Not delivered to your organisation's test address: the mail server said "
										+ sent.status() + ".");
				return true;
			}
			catch (DispatchUnavailableException ex) {
				logger.warn("Console test send failed: {}", ex.getMessage(), ex.getCause());
				status = HttpStatus.BAD_GATEWAY;
				refusal = "The test could not be sent just now (the delivery service did not answer); "
						+ "try again in a moment.";
			}
		}
		refused(refusal, status, htmx, model, response);
		return false;
	}

	/**
	 * Says on the page why no test was sent.
	 * @param refusal why, in plain words
	 * @param status the status that says it, or {@code null} for 422
	 * @param htmx whether htmx asked (then the answer is 200, or htmx would not show it)
	 * @param model the page's model
	 * @param response the response
	 */
	static void refused(String refusal, @Nullable HttpStatus status, boolean htmx, Model model,
			HttpServletResponse response) {
		if (!htmx) {
			response.setStatus(((status != null) ? status : HttpStatus.UNPROCESSABLE_CONTENT).value());
		}
		model.addAttribute("testRefused", refusal);
	}

}
