package org.solidarityalerts.service;

import java.io.IOException;

import org.springframework.util.unit.DataSize;

/**
 * A request body went past the size limit while it was being read
 * ({@link RequestSizeLimit#counting}).
 */
public class RequestTooLargeException extends IOException {

	private final DataSize limit;

	public RequestTooLargeException(DataSize limit) {
		super("The request body is larger than " + limit.toKilobytes() + " KB");
		this.limit = limit;
	}

	/**
	 * The limit it went past.
	 * @return the largest body accepted
	 */
	public DataSize limit() {
		return this.limit;
	}

}
