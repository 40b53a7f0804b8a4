package org.solidarityalerts.service;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * What a per-client limit counts: an IPv4 address as it is, and an IPv6 address by its
 * /64 network, the block one household, host or customer is given, which can hand out as
 * many addresses as it likes. Counting IPv6 addresses one by one would give such a client
 * a fresh allowance for every address it takes.
 */
public final class ClientNetworks {

	private ClientNetworks() {
	}

	/**
	 * The network a client's address counts under.
	 * @param address the address as the servlet container gives it (a literal)
	 * @return the IPv4 address, the IPv6 /64 network (such as
	 * {@code 2001:db8:0:0:0:0:0:0/64}), or the value as given if it is no address literal
	 */
	public static String of(String address) {
		InetAddress parsed;
		try {
			parsed = InetAddress.ofLiteral(address);
		}
		catch (IllegalArgumentException ex) {
			return address;
		}
		if (parsed instanceof Inet6Address) {
			byte[] network = Arrays.copyOf(parsed.getAddress(), 16);
			Arrays.fill(network, 8, 16, (byte) 0);
			try {
				return InetAddress.getByAddress(network).getHostAddress() + "/64";
			}
			catch (java.net.UnknownHostException ex) {
				throw new IllegalStateException("Sixteen bytes are an IPv6 address", ex);
			}
		}
		return (parsed instanceof Inet4Address) ? parsed.getHostAddress() : address;
	}

}
