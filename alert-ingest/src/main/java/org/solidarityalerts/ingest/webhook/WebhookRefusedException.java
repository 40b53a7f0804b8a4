package org.solidarityalerts.ingest.webhook;

import org.jspecify.annotations.Nullable;

/**
 * Why an endpoint was not registered: one of its fields is not valid, or the organisation
 * has as many endpoints as it may have. The API answers it as a problem, the console
 * beside the field.
 */
public class WebhookRefusedException extends RuntimeException {

	private final @Nullable String field;

	private final String reason;

	WebhookRefusedException(@Nullable String field, String reason) {
		super(((field != null) ? field + " " : "") + reason);
		this.field = field;
		this.reason = reason;
	}

	/**
	 * The field that is not valid.
	 * @return {@code url} or {@code description}, or null when the organisation has too
	 * many endpoints
	 */
	public @Nullable String field() {
		return this.field;
	}

	/**
	 * Why, in words for the organisation.
	 * @return the reason
	 */
	public String reason() {
		return this.reason;
	}

}
