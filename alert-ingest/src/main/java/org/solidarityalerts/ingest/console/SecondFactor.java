package org.solidarityalerts.ingest.console;

import dev.samstevens.totp.code.CodeVerifier;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.DefaultCodeVerifier;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.qr.QrData;
import dev.samstevens.totp.secret.DefaultSecretGenerator;
import dev.samstevens.totp.time.SystemTimeProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Time-based one-time codes (RFC 6238: SHA-1, six digits, 30 seconds, as every
 * authenticator app reads them) through the {@code dev.samstevens.totp} library. Codes
 * are checked against the real time, not the application's clock, since the user's phone
 * keeps real time; one step either side is accepted for clock drift.
 */
@Component
class SecondFactor {

	private static final String ISSUER = "Solidarity alerts";

	private final DefaultSecretGenerator secrets = new DefaultSecretGenerator(32);

	private final CodeVerifier verifier;

	SecondFactor() {
		DefaultCodeVerifier verifier = new DefaultCodeVerifier(new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6),
				new SystemTimeProvider());
		verifier.setTimePeriod(30);
		verifier.setAllowedTimePeriodDiscrepancy(1);
		this.verifier = verifier;
	}

	String newSecret() {
		return this.secrets.generate();
	}

	/**
	 * The {@code otpauth://} address an authenticator app reads (from a QR code, or
	 * typed).
	 * @param secret the shared secret
	 * @param account the user's login
	 * @return the address
	 */
	String uri(String secret, String account) {
		return new QrData.Builder().label(account)
			.secret(secret)
			.issuer(ISSUER)
			.algorithm(HashingAlgorithm.SHA1)
			.digits(6)
			.period(30)
			.build()
			.getUri();
	}

	boolean matches(@Nullable String secret, @Nullable String code) {
		if (secret == null || code == null) {
			return false;
		}
		String digits = code.replace(" ", "");
		return digits.matches("[0-9]{6}") && this.verifier.isValidCode(secret, digits);
	}

}
