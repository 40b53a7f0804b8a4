package org.solidarityalerts.dispatch.mail;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * DKIM signing inside dispatch, under {@code alert.dispatch.mail.dkim}, for relays that
 * do not sign (most providers sign for you: leave it off then). Off unless a domain,
 * selector and key are all set.
 *
 * @param domain the signing domain ({@code d=}), the From address's domain or its parent,
 * so that DMARC aligns
 * @param selector the selector ({@code s=}): the public key is published at
 * {@code SELECTOR._domainkey.DOMAIN}
 * @param privateKey the RSA private key, PKCS#8 PEM
 * ({@code -----BEGIN PRIVATE KEY-----}); keep it in a secret, never in the repository
 * @param headers the header fields signed, beyond those the signer always signs
 */
@ConfigurationProperties("alert.dispatch.mail.dkim")
public record DkimProperties(@Nullable String domain, @Nullable String selector, @Nullable String privateKey,
		@DefaultValue( {
				"From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type", "Content-Language",
				"List-Id", "List-Unsubscribe", "List-Unsubscribe-Post", "Auto-Submitted" }) List<String> headers){

	/**
	 * Whether signing is configured.
	 * @return true if domain, selector and key are all set
	 */
	public boolean enabled() {
		return this.domain != null && !this.domain.isBlank() && this.selector != null && !this.selector.isBlank()
				&& this.privateKey != null && !this.privateKey.isBlank();
	}

}
