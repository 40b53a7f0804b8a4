package org.solidarityalerts.ingest.webhook;

import java.net.InetAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.solidarityalerts.ingest.IngestProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Endpoints must be https, unless the local setting allows http; their hosts must resolve
 * to public addresses only, unless the local setting allows loopback and private ones
 * (never link-local, metadata, multicast or unspecified ones); retries back off,
 * doubling, up to the maximum.
 */
class WebhookUrlsTests {

	@Test
	void anEndpointMustBeHttpsUnlessHttpIsAllowed() {
		assertThat(WebhookUrls.problem("https://hooks.example.org/solidarity", false)).isNull();
		assertThat(WebhookUrls.problem("http://hooks.example.org/solidarity", false)).contains("https://");
		assertThat(WebhookUrls.problem("http://127.0.0.1:8099/hook", true)).isNull();
		assertThat(WebhookUrls.problem("ftp://hooks.example.org/", true)).contains("https://");
		assertThat(WebhookUrls.problem("https://user:secret@hooks.example.org/", false)).contains("credentials");
		assertThat(WebhookUrls.problem("https:///no-host", false)).contains("host");
		assertThat(WebhookUrls.problem("https://hooks.example.org/#top", false)).contains("fragment");
		assertThat(WebhookUrls.problem("not a url", false)).isNotNull();
		assertThat(WebhookUrls.problem(null, false)).contains("required");
		assertThat(WebhookUrls.problem("https://hooks.example.org/" + "a".repeat(2000), false)).contains("2000");
	}

	@Test
	void loopbackPrivateLinkLocalAndMetadataAddressesAreRefused() {
		for (String host : new String[] { "127.0.0.1", "127.1.2.3", "::1", "10.1.2.3", "172.16.0.1", "172.31.255.255",
				"192.168.1.1", "100.64.0.1", "fc00::1", "fd12:3456::1", "fec0::1" }) {
			assertThat(refused(host, false)).as(host).isIn("a loopback", "a private");
			assertThat(refused(host, true)).as(host + " where private addresses are allowed").isNull();
		}
		for (String host : new String[] { "169.254.169.254", "fd00:ec2::254", "100.100.100.200" }) {
			assertThat(refused(host, true)).as(host).isEqualTo("a cloud metadata");
		}
		for (String host : new String[] { "169.254.1.1", "fe80::1", "febf::1" }) {
			assertThat(refused(host, true)).as(host).isEqualTo("a link-local");
		}
		for (String host : new String[] { "0.0.0.0", "0.1.2.3", "::" }) {
			assertThat(refused(host, true)).as(host).isEqualTo("an unspecified");
		}
		for (String host : new String[] { "224.0.0.1", "239.255.255.250", "255.255.255.255", "ff02::1" }) {
			assertThat(refused(host, true)).as(host).isEqualTo("a multicast or broadcast");
		}
		for (String host : new String[] { "93.184.215.14", "172.32.0.1", "192.169.0.1", "100.128.0.1",
				"2606:2800:21f:cb07:6820:80da:af6b:8b2c" }) {
			assertThat(refused(host, false)).as(host).isNull();
		}
	}

	@Test
	void ipv4AddressesHiddenInIpv6AddressesAreJudgedAsIpv4() {
		// IPv4-mapped: the JDK itself reads these as IPv4 addresses.
		assertThat(refused("::ffff:127.0.0.1", false)).isEqualTo("a loopback");
		assertThat(refused("::ffff:a9fe:a9fe", true)).isEqualTo("a cloud metadata");
		assertThat(refused("::ffff:10.0.0.1", false)).isEqualTo("a private");
		// IPv4-compatible, NAT64 and 6to4 ones the JDK keeps as IPv6.
		assertThat(refused("::127.0.0.1", false)).isEqualTo("a loopback");
		assertThat(refused("::169.254.169.254", true)).isEqualTo("a cloud metadata");
		assertThat(refused("64:ff9b::10.0.0.1", false)).isEqualTo("a private");
		assertThat(refused("2002:c0a8:0101::1", false)).isEqualTo("a private");
		assertThat(refused("64:ff9b::93.184.215.14", false)).isNull();
	}

	@Test
	void endpointsWhoseHostsResolveToPrivateAddressesAreRefused() {
		assertThat(WebhookUrls.addressProblem("https://127.0.0.1/hook", false))
			.isEqualTo("must not point to a loopback address (127.0.0.1 is 127.0.0.1)");
		assertThat(WebhookUrls.addressProblem("https://localhost:8443/hook", false)).contains("a loopback");
		assertThat(WebhookUrls.addressProblem("http://127.0.0.1:8099/hook", true)).isNull();
		assertThat(WebhookUrls.addressProblem("http://169.254.169.254/latest/meta-data/", true))
			.contains("a cloud metadata");
		assertThat(WebhookUrls.addressProblem("https://[::1]/hook", false)).contains("a loopback");
		assertThat(WebhookUrls.addressProblem("https://[::ffff:192.168.0.1]/hook", false)).contains("a private");
		assertThat(WebhookUrls.addressProblem("https://[fe80::1]/hook", true)).contains("a link-local");
		assertThat(WebhookUrls.addressProblem("https://93.184.215.14/hook", false)).isNull();
		assertThat(WebhookUrls.addressProblem("https://hooks.invalid/hook", false)).contains("does not resolve");
		assertThat(WebhookUrls.registrationProblem("https://hooks.invalid/hook", false))
			.as("registered before its DNS is set up; every call checks again")
			.isNull();
		assertThat(WebhookUrls.registrationProblem("https://10.0.0.7/hook", false)).contains("a private");
	}

	@Test
	void hostsWrittenAsAmbiguousNumbersAreRefused() {
		// The JDK reads 2130706433 as 127.0.0.1, but 0177.0.0.1 as 177.0.0.1 where other
		// software reads octal: such hosts are refused whatever they mean.
		for (String host : new String[] { "2130706433", "0177.0.0.1", "017700000001", "127.000.000.001",
				"0x7f000001" }) {
			assertThat(WebhookUrls.problem("https://" + host + "/hook", true)).as(host).isNull();
			assertThat(WebhookUrls.addressProblem("https://" + host + "/hook", true)).as(host)
				.contains("plain dotted IPv4 address");
		}
		// Others java.net.URI does not take for a host at all.
		for (String host : new String[] { "127.1", "0x7f.0.0.1" }) {
			assertThat(WebhookUrls.problem("https://" + host + "/hook", true)).as(host).isEqualTo("must name a host");
		}
	}

	private static String refused(String literal, boolean allowPrivate) {
		try {
			return WebhookUrls.refused(InetAddress.getByName(literal), allowPrivate);
		}
		catch (java.net.UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void retriesBackOffDoublingUpToTheMaximum() {
		IngestProperties.Webhooks settings = new IngestProperties.Webhooks(false, Duration.ofSeconds(1),
				Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(5), 12, Duration.ofMinutes(1), 10,
				false, Duration.ofSeconds(60));

		assertThat(WebhookSender.backoff(1, settings)).isEqualTo(Duration.ofSeconds(30));
		assertThat(WebhookSender.backoff(2, settings)).isEqualTo(Duration.ofMinutes(1));
		assertThat(WebhookSender.backoff(3, settings)).isEqualTo(Duration.ofMinutes(2));
		assertThat(WebhookSender.backoff(4, settings)).isEqualTo(Duration.ofMinutes(4));
		assertThat(WebhookSender.backoff(5, settings)).isEqualTo(Duration.ofMinutes(5));
		assertThat(WebhookSender.backoff(11, settings)).isEqualTo(Duration.ofMinutes(5));
	}

}
