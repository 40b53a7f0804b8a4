package org.solidarityalerts.dispatch.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.jspecify.annotations.Nullable;
import org.simplejavamail.utils.mail.dkim.Canonicalization;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;
import org.simplejavamail.utils.mail.dkim.SigningAlgorithm;

import org.springframework.stereotype.Component;

/**
 * Signs outgoing messages with DKIM (RFC 6376, rsa-sha256, relaxed/relaxed) when
 * {@code alert.dispatch.mail.dkim.*} is set, with simple-java-mail's signer. A signed
 * message is a copy of the message that the signer writes out; it keeps the envelope
 * sender and notes, like the message itself, whether a transport began to write it, so an
 * in-doubt delivery is still recognised.
 */
@Component
public class DkimSigning {

	private final @Nullable DkimSigner signer;

	DkimSigning(DkimProperties properties) {
		this.signer = properties.enabled() ? signer(properties) : null;
	}

	/**
	 * Signing switched off.
	 * @return a signing that returns every message as it is
	 */
	static DkimSigning none() {
		return new DkimSigning(new DkimProperties(null, null, null, java.util.List.of()));
	}

	private static DkimSigner signer(DkimProperties properties) {
		try {
			String pem = properties.privateKey()
				.replace("-----BEGIN PRIVATE KEY-----", "")
				.replace("-----END PRIVATE KEY-----", "")
				.replaceAll("\\s", "");
			RSAPrivateKey key = (RSAPrivateKey) KeyFactory.getInstance("RSA")
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
			DkimSigner signer = new DkimSigner(properties.domain(), properties.selector(), key);
			signer.setSigningAlgorithm(SigningAlgorithm.SHA256_WITH_RSA);
			signer.setHeaderCanonicalization(Canonicalization.RELAXED);
			signer.setBodyCanonicalization(Canonicalization.RELAXED);
			signer.setCheckDomainKey(false);
			properties.headers().forEach(signer::addHeaderToSign);
			return signer;
		}
		catch (GeneralSecurityException | IllegalArgumentException | ClassCastException ex) {
			throw new IllegalStateException("alert.dispatch.mail.dkim.private-key is not an RSA private key in "
					+ "PKCS#8 PEM form (-----BEGIN PRIVATE KEY-----)", ex);
		}
	}

	/**
	 * Whether messages are signed.
	 * @return true if they are
	 */
	public boolean enabled() {
		return this.signer != null;
	}

	/**
	 * The message to hand to the transport: signed if signing is on, else as it is.
	 * @param message the message
	 * @return the message to send
	 * @throws MessagingException if it cannot be copied for signing
	 */
	MimeMessage sign(MimeMessage message) throws MessagingException {
		if (this.signer == null) {
			return message;
		}
		Signed signed = new Signed(message, this.signer);
		if (message instanceof SMTPMessage smtp) {
			signed.setEnvelopeFrom(smtp.getEnvelopeFrom());
			signed.setReturnOption(smtp.getReturnOption());
		}
		return signed;
	}

	/**
	 * Whether a transport began to write a message out (which it does only once the
	 * server answered DATA with 354).
	 * @param message the message handed to the transport
	 * @return true if the server may have it
	 */
	static boolean written(MimeMessage message) {
		return switch (message) {
			case StableIdMimeMessage stable -> stable.written();
			case Signed signed -> signed.written;
			default -> false;
		};
	}

	/**
	 * A signed copy that notes when it is written.
	 */
	static final class Signed extends DkimMessage {

		private volatile boolean written;

		Signed(MimeMessage message, DkimSigner signer) throws MessagingException {
			super(message, signer);
		}

		@Override
		public void writeTo(OutputStream os, String[] ignoreList) throws IOException, MessagingException {
			this.written = true;
			super.writeTo(os, ignoreList);
		}

	}

}
