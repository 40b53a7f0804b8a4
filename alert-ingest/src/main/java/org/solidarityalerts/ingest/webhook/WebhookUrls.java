package org.solidarityalerts.ingest.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Which addresses may be webhook endpoints: absolute {@code https://} URLs with a host,
 * without credentials or a fragment, of at most 2,000 characters; {@code http://} only
 * where a setting for the local stack and tests allows it. And, so that an organisation
 * cannot make ingest call into its own network (server-side request forgery), a host that
 * resolves to a loopback, private, link-local, unspecified or multicast address, or to a
 * cloud metadata service, is refused: when the endpoint is registered and again before
 * every call, since DNS may change in between. Hosts written as ambiguous numbers
 * ({@code 2130706433}, {@code 0177.0.0.1}, {@code 127.1}), which other software reads
 * differently from the JDK, are refused outright.
 */
final class WebhookUrls {

	static final int MAX_LENGTH = 2000;

	private static final Pattern NUMERIC_HOST = Pattern.compile("(?i)[0-9.]+|0x[0-9a-f.x]*");

	private static final Pattern DOTTED_QUAD = Pattern
		.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

	/** Cloud metadata services: AWS, GCP, Azure, OpenStack (IPv4 and IPv6), Alibaba. */
	private static final byte[][] METADATA = { { (byte) 169, (byte) 254, (byte) 169, (byte) 254 },
			{ 100, 100, 100, (byte) 200 },
			{ (byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54 } };

	private WebhookUrls() {
	}

	/**
	 * Why an address may not be an endpoint.
	 * @param url the address
	 * @param allowHttp whether plain {@code http://} is allowed
	 * @return the reason, or null if it may
	 */
	static @Nullable String problem(@Nullable String url, boolean allowHttp) {
		if (url == null || url.isBlank()) {
			return "is required: the https:// address to post events to";
		}
		if (url.length() > MAX_LENGTH) {
			return "must be at most " + MAX_LENGTH + " characters";
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			return "is not a valid URL";
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
			return "must be an https:// URL";
		}
		if (uri.getHost() == null || uri.getHost().isBlank()) {
			return "must name a host";
		}
		if (uri.getRawUserInfo() != null) {
			return "must not carry credentials; each call is signed with the endpoint's secret instead";
		}
		if (uri.getRawFragment() != null) {
			return "must not have a fragment";
		}
		return null;
	}

	/**
	 * Why an endpoint's host may not be called: it does not resolve, or one of its
	 * addresses is not public.
	 * @param url an address that {@link #problem} accepted
	 * @param allowPrivate whether loopback and private addresses are allowed (local stack
	 * and tests only)
	 * @return the reason, or null if it may be called
	 */
	static @Nullable String addressProblem(String url, boolean allowPrivate) {
		return addressProblem(url, allowPrivate, true);
	}

	/**
	 * Why an endpoint may not be registered: like
	 * {@link #addressProblem(String, boolean)}, except that a host that does not resolve
	 * (yet) is accepted, since its DNS may be set up after the endpoint; every call
	 * checks it again.
	 * @param url an address that {@link #problem} accepted
	 * @param allowPrivate whether loopback and private addresses are allowed
	 * @return the reason, or null if it may be registered
	 */
	static @Nullable String registrationProblem(String url, boolean allowPrivate) {
		return addressProblem(url, allowPrivate, false);
	}

	private static @Nullable String addressProblem(String url, boolean allowPrivate, boolean mustResolve) {
		String host;
		try {
			host = new URI(url).getHost();
		}
		catch (URISyntaxException ex) {
			return "is not a valid URL";
		}
		if (host == null) {
			return "must name a host";
		}
		if (!host.startsWith("[") && NUMERIC_HOST.matcher(host).matches() && !DOTTED_QUAD.matcher(host).matches()) {
			return "must name its host by name or as a plain dotted IPv4 address, not as '" + host + "'";
		}
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(host);
		}
		catch (UnknownHostException ex) {
			return mustResolve ? "names a host that does not resolve: " + host : null;
		}
		for (InetAddress address : addresses) {
			String refused = refused(address, allowPrivate);
			if (refused != null) {
				return "must not point to " + refused + " address (" + host + " is " + address.getHostAddress() + ")";
			}
		}
		return null;
	}

	/**
	 * What kind of address may not be called, if it may not.
	 * @param address an address
	 * @param allowPrivate whether loopback and private addresses are allowed
	 * @return its kind ("a loopback", "a private", ...), or null if it may be called
	 */
	static @Nullable String refused(InetAddress address, boolean allowPrivate) {
		byte[] bytes = address.getAddress();
		byte[] embedded = embeddedIpv4(address);
		if (embedded != null) {
			try {
				return refused(InetAddress.getByAddress(embedded), allowPrivate);
			}
			catch (UnknownHostException ex) {
				throw new IllegalStateException(ex);
			}
		}
		for (byte[] metadata : METADATA) {
			if (Arrays.equals(metadata, bytes)) {
				return "a cloud metadata";
			}
		}
		if (address.isAnyLocalAddress() || (address instanceof Inet4Address && bytes[0] == 0)) {
			return "an unspecified";
		}
		if (address.isMulticastAddress() || (address instanceof Inet4Address
				&& Arrays.equals(bytes, new byte[] { (byte) 255, (byte) 255, (byte) 255, (byte) 255 }))) {
			return "a multicast or broadcast";
		}
		if (address.isLinkLocalAddress()) {
			return "a link-local";
		}
		if (allowPrivate) {
			return null;
		}
		if (address.isLoopbackAddress()) {
			return "a loopback";
		}
		boolean shared = address instanceof Inet4Address && bytes[0] == 100 && (bytes[1] & 0xc0) == 64;
		boolean uniqueLocal = address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc;
		if (address.isSiteLocalAddress() || shared || uniqueLocal) {
			return "a private";
		}
		return null;
	}

	/**
	 * The IPv4 address an IPv6 address carries, where it is one that reaches an IPv4
	 * host: IPv4-mapped ({@code ::ffff:a.b.c.d}, which the JDK mostly turns into IPv4
	 * itself), IPv4-compatible ({@code ::a.b.c.d}), NAT64 ({@code 64:ff9b::a.b.c.d}) and
	 * 6to4 ({@code 2002:aabb:ccdd::}).
	 */
	private static byte @Nullable [] embeddedIpv4(InetAddress address) {
		if (!(address instanceof Inet6Address)) {
			return null;
		}
		byte[] b = address.getAddress();
		boolean zeroTo9 = true;
		for (int i = 0; i < 10; i++) {
			zeroTo9 &= b[i] == 0;
		}
		boolean mapped = zeroTo9 && b[10] == (byte) 0xff && b[11] == (byte) 0xff;
		boolean compatible = zeroTo9 && b[10] == 0 && b[11] == 0 && !address.isLoopbackAddress()
				&& !address.isAnyLocalAddress();
		boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b;
		if (mapped || compatible || nat64) {
			return Arrays.copyOfRange(b, 12, 16);
		}
		if (b[0] == 0x20 && b[1] == 0x02) {
			return Arrays.copyOfRange(b, 2, 6);
		}
		return null;
	}

}
