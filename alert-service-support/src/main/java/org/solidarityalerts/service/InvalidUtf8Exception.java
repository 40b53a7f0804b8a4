package org.solidarityalerts.service;

import java.io.IOException;

/**
 * A request body held bytes that are not well-formed UTF-8 (an overlong form such as
 * {@code C0 AF}, a surrogate, a stray continuation byte, a sequence cut short).
 */
public class InvalidUtf8Exception extends IOException {

	/**
	 * Says where the body stopped being UTF-8.
	 * @param offset the offset of the first byte at fault
	 */
	public InvalidUtf8Exception(long offset) {
		super("the byte at offset " + offset + " does not begin or continue a well-formed character");
	}

}
