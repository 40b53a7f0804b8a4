package org.solidarityalerts.ingest.preview;

/**
 * Dispatch did not render a preview or send a test: it is not configured, not reachable,
 * or it refused.
 */
public class DispatchUnavailableException extends RuntimeException {

	DispatchUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

	DispatchUnavailableException(String message) {
		super(message);
	}

}
