package org.solidarityalerts.ingest.web;

import java.io.IOException;

/**
 * A request body held bytes that are not well-formed UTF-8 (an overlong form such as
 * {@code C0 AF}, a surrogate, a stray continuation byte, a sequence cut short).
 */
class InvalidUtf8Exception extends IOException {

	InvalidUtf8Exception(long offset) {
		super("the byte at offset " + offset + " does not begin or continue a well-formed character");
	}

}
