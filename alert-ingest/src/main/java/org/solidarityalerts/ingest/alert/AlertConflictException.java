package org.solidarityalerts.ingest.alert;

/**
 * A change that cannot be applied to an alert as it now stands: it was cancelled, or it
 * changed since the caller read it.
 */
public class AlertConflictException extends RuntimeException {

	private final String title;

	private final int currentVersion;

	AlertConflictException(String title, String detail, int currentVersion) {
		super(detail);
		this.title = title;
		this.currentVersion = currentVersion;
	}

	public String title() {
		return this.title;
	}

	int currentVersion() {
		return this.currentVersion;
	}

}
