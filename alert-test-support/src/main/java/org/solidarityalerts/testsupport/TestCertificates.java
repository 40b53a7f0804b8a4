package org.solidarityalerts.testsupport;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made for one test run and a server certificate it signed for
 * {@code localhost} and {@code 127.0.0.1}, so a test server can speak TLS and a client
 * can verify it exactly as it would verify a real relay: by a trusted issuer and the
 * server's name. Clients trust the authority through {@link #authorityPem()} (for example
 * as a Spring Boot SSL bundle); a client that does not trust it must refuse the server.
 */
public final class TestCertificates {

	private final X509Certificate authority;

	private final KeyPair serverKeys;

	private final X509Certificate server;

	private TestCertificates(X509Certificate authority, KeyPair serverKeys, X509Certificate server) {
		this.authority = authority;
		this.serverKeys = serverKeys;
		this.server = server;
	}

	/**
	 * Makes a new authority and a server certificate for the loopback names.
	 * @return the certificates
	 */
	public static TestCertificates create() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(256);
			KeyPair authorityKeys = generator.generateKeyPair();
			X500Name authorityName = new X500Name("CN=Solidarity alerts test authority");
			X509Certificate authority = sign(authorityName, authorityName, authorityKeys, authorityKeys,
					(builder) -> builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
						.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)));
			KeyPair serverKeys = generator.generateKeyPair();
			X509Certificate server = sign(authorityName, new X500Name("CN=localhost"), serverKeys, authorityKeys,
					(builder) -> builder.addExtension(Extension.subjectAlternativeName, false,
							new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.dNSName, "localhost"),
									new GeneralName(GeneralName.iPAddress, "127.0.0.1") })));
			return new TestCertificates(authority, serverKeys, server);
		}
		catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException
				| org.bouncycastle.cert.CertIOException ex) {
			throw new IllegalStateException("Could not make test certificates", ex);
		}
	}

	private static X509Certificate sign(X500Name issuer, X500Name subject, KeyPair subjectKeys, KeyPair issuerKeys,
			Extensions extensions) throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException,
			org.bouncycastle.cert.CertIOException {
		Instant now = Instant.now();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
				new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
				Date.from(now.plus(Duration.ofDays(2))), subject, subjectKeys.getPublic());
		extensions.add(builder);
		ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
		return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
	}

	/**
	 * The authority's certificate, PEM encoded, for clients to trust.
	 * @return the PEM text
	 */
	public String authorityPem() {
		StringWriter out = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
			writer.writeObject(this.authority);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		return out.toString();
	}

	/**
	 * A TLS context that presents the server certificate.
	 * @return the server's TLS context
	 */
	public SSLContext serverContext() {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			char[] password = "test".toCharArray();
			store.setKeyEntry("server", this.serverKeys.getPrivate(), password,
					new X509Certificate[] { this.server, this.authority });
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(store, password);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keys.getKeyManagers(), null, new SecureRandom());
			return context;
		}
		catch (GeneralSecurityException | java.io.IOException ex) {
			throw new IllegalStateException("Could not make the server's TLS context", ex);
		}
	}

	@FunctionalInterface
	private interface Extensions {

		void add(X509v3CertificateBuilder builder) throws org.bouncycastle.cert.CertIOException;

	}

}
