package org.solidarityalerts.dispatch.mail;

import java.net.IDN;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * An address is sent with its domain as the JDK's IDNA makes it, whether or not the
 * domain needed it.
 */
class MailboxesTests {

	@ParameterizedTest
	@ValueSource(strings = { "reader@example.org", "Reader@EXAMPLE.org", "a@b", "a@xn--bcher-kva.example",
			"a@bücher.example", "a@exämple.org", "نسرین@example.ir", "a@例え.jp", "a@example.org.", "a@.example.org",
			"a@example..org", "a@under_score-and-dash.example", "no-at-sign", "a@b@example.org", "a@" })
	void theDomainIsWhatIdnaMakesOfIt(String email) {
		assertThat(ascii(email)).isEqualTo(idna(email));
	}

	@Test
	void aLabelLongerThan63CharactersIsRefusedAsIdnaRefusesIt() {
		String email = "a@" + "x".repeat(64) + ".example";
		assertThatIllegalArgumentException().isThrownBy(() -> IDN.toASCII(email.substring(2), IDN.ALLOW_UNASSIGNED));
		assertThatIllegalArgumentException().isThrownBy(() -> Mailboxes.ascii(email));
		assertThat(Mailboxes.ascii("a@" + "x".repeat(63) + ".example"))
			.isEqualTo(idna("a@" + "x".repeat(63) + ".example"));
	}

	@Test
	void thousandsOfMixedDomainsAreWhatIdnaMakesOfThem() {
		Random random = new Random(20261126);
		String alphabet = "abcXYZ019-_.ü";
		for (int i = 0; i < 5000; i++) {
			StringBuilder domain = new StringBuilder();
			int length = random.nextInt(80);
			for (int c = 0; c < length; c++) {
				domain.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			String email = "reader@" + domain;
			assertThat(ascii(email)).as(email).isEqualTo(idna(email));
		}
	}

	@Test
	void onlyANonAsciiMailboxNameNeedsSmtputf8() {
		assertThat(Mailboxes.international("reader@bücher.example")).isFalse();
		assertThat(Mailboxes.international("نسرین@example.ir")).isTrue();
		assertThat(Mailboxes.international("reader@example.org")).isFalse();
		assertThat(Mailboxes.international("ü")).isTrue();
	}

	private static String ascii(String email) {
		try {
			return Mailboxes.ascii(email);
		}
		catch (IllegalArgumentException ex) {
			return "refused";
		}
	}

	/** The address with its domain through the JDK's IDNA, as before any shortcut. */
	private static String idna(String email) {
		int at = email.lastIndexOf('@');
		if (at < 0) {
			return email;
		}
		try {
			return email.substring(0, at + 1) + IDN.toASCII(email.substring(at + 1), IDN.ALLOW_UNASSIGNED);
		}
		catch (IllegalArgumentException ex) {
			return "refused";
		}
	}

}
