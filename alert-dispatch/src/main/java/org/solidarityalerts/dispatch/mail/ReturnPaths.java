package org.solidarityalerts.dispatch.mail;

import org.solidarityalerts.contract.SubscriberId;

/**
 * Where receiving systems send what they report after accepting a message: the envelope
 * sender (Return-Path) of each message, and the domain whose mail dispatch reads.
 * Implemented where those reports are read ({@code feedback}).
 */
public interface ReturnPaths {

	/**
	 * The envelope sender of a message to a subscriber: a signed address that names them
	 * without their address, or the From address when dispatch reads no mail.
	 * @param subscriber the recipient
	 * @return an address for SMTP {@code MAIL FROM}
	 */
	String of(SubscriberId subscriber);

	/**
	 * The envelope sender of a message to an address whose subscriber is not at hand (a
	 * subscription mail).
	 * @param email the recipient's address
	 * @return an address for SMTP {@code MAIL FROM}
	 */
	String ofAddress(String email);

	/**
	 * The domain whose mail dispatch reads, for the {@code mailto:} of List-Unsubscribe.
	 * @return a domain name
	 */
	String mailDomain();

}
