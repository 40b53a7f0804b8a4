package org.solidarityalerts.dispatch.mail;

import java.io.UnsupportedEncodingException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;

import jakarta.mail.internet.InternetAddress;
import org.jspecify.annotations.Nullable;

/**
 * Mailbox addresses as a standard relay takes them: an internationalised domain
 * ({@code exämple.org}) is sent as its A-label ({@code xn--exmple-cua.org}, IDNA 2003 as
 * the JDK implements it), and a mailbox name (the part before the {@code @}) that is not
 * ASCII needs a relay that offers SMTPUTF8 (RFC 6531).
 */
public final class Mailboxes {

	private Mailboxes() {
	}

	/**
	 * Whether an address's mailbox name is not ASCII, so only a relay that offers
	 * SMTPUTF8 can take it.
	 * @param email an address
	 * @return true if its local part has a character outside ASCII
	 */
	public static boolean international(String email) {
		int at = email.lastIndexOf('@');
		return !ascii(email, 0, (at > 0) ? at : email.length());
	}

	/**
	 * The address as it is sent: its domain as an A-label.
	 * @param email an address, as the subscriber gave it
	 * @return the address to send to
	 * @throws IllegalArgumentException if the domain is not a valid internationalised
	 * domain name
	 */
	public static String ascii(String email) {
		int at = email.lastIndexOf('@');
		if (at < 0) {
			return email;
		}
		if (plainDomain(email, at + 1)) {
			// What the JDK's IDN gives back unchanged, without its work per label (2 % of
			// the sending threads' samples in the fan-out benchmark's profile).
			return email;
		}
		return email.substring(0, at + 1) + IDN.toASCII(email.substring(at + 1), IDN.ALLOW_UNASSIGNED);
	}

	/**
	 * Whether a domain is ASCII labels of 1 to 63 characters, which IDNA leaves as they
	 * are.
	 */
	private static boolean plainDomain(String email, int from) {
		int label = 0;
		for (int i = from; i < email.length(); i++) {
			char c = email.charAt(i);
			if (c >= 0x80) {
				return false;
			}
			if (c == '.') {
				if (label == 0) {
					return false;
				}
				label = 0;
			}
			else if (++label > 63) {
				return false;
			}
		}
		return label > 0;
	}

	private static boolean ascii(String text, int from, int to) {
		for (int i = from; i < to; i++) {
			if (text.charAt(i) >= 0x80) {
				return false;
			}
		}
		return true;
	}

	/**
	 * An address to put in a header and on the envelope, its domain as an A-label and the
	 * name, if any, encoded as the header needs.
	 * @param email the address
	 * @param name the display name, if any
	 * @return the address
	 */
	static InternetAddress address(String email, @Nullable String name) {
		InternetAddress address = new InternetAddress();
		address.setAddress(ascii(email));
		if (name != null) {
			try {
				address.setPersonal(name, StandardCharsets.UTF_8.name());
			}
			catch (UnsupportedEncodingException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return address;
	}

}
