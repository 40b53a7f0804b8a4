package org.solidarityalerts.ingest.alert;

/**
 * A change that cannot be applied to an alert as it now stands: it was cancelled, or it
 * changed since the caller read it. When the caller named the version its change was
 * based on ({@code If-Match}) and that is no longer the alert's, the precondition failed
 * (HTTP 412); otherwise it is a conflict (409).
 */
public class AlertConflictException extends RuntimeException {

	private final String title;

	private final int currentVersion;

	private final boolean preconditionFailed;

	AlertConflictException(String title, String detail, int currentVersion) {
		this(title, detail, currentVersion, false);
	}

	AlertConflictException(String title, String detail, int currentVersion, boolean preconditionFailed) {
		super(detail);
		this.title = title;
		this.currentVersion = currentVersion;
		this.preconditionFailed = preconditionFailed;
	}

	public String title() {
		return this.title;
	}

	int currentVersion() {
		return this.currentVersion;
	}

	boolean preconditionFailed() {
		return this.preconditionFailed;
	}

}
