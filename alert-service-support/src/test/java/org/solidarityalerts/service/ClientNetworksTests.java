package org.solidarityalerts.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientNetworksTests {

	@Test
	void ipv4AddressesCountOneByOne() {
		assertThat(ClientNetworks.of("192.0.2.7")).isEqualTo("192.0.2.7");
		assertThat(ClientNetworks.of("192.0.2.8")).isEqualTo("192.0.2.8");
	}

	@Test
	void ipv6AddressesCountByTheirSlash64() {
		assertThat(ClientNetworks.of("2001:db8:1:2:a:b:c:d")).isEqualTo("2001:db8:1:2:0:0:0:0/64")
			.isEqualTo(ClientNetworks.of("2001:0db8:0001:0002:ffff::1"))
			.isEqualTo(ClientNetworks.of("[2001:db8:1:2::7]"));
		assertThat(ClientNetworks.of("2001:db8:1:3::1")).isEqualTo("2001:db8:1:3:0:0:0:0/64");
	}

	@Test
	void anIpv4AddressWrittenAsIpv6CountsAsIpv4() {
		assertThat(ClientNetworks.of("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
	}

	@Test
	void whatIsNoAddressIsCountedAsGiven() {
		assertThat(ClientNetworks.of("unix-socket")).isEqualTo("unix-socket");
		assertThat(ClientNetworks.of("")).isEqualTo("");
	}

}
