package org.solidarityalerts.dispatch.operators;

import org.springframework.http.HttpStatus;

/**
 * A whole import file refused: too large, not UTF-8, not CSV, or with the wrong header.
 * Nothing from it was stored.
 */
class ImportRefusedException extends RuntimeException {

	private final HttpStatus status;

	private final String title;

	ImportRefusedException(HttpStatus status, String title, String detail) {
		super(detail);
		this.status = status;
		this.title = title;
	}

	HttpStatus status() {
		return this.status;
	}

	String title() {
		return this.title;
	}

}
