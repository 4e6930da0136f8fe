package dev.symbia.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientAddressKeyResolverTests {

    @Test
    void ipv4AddressesAreTheirOwnKey() {
        assertThat(ClientAddressKeyResolver.key("203.0.113.9")).isEqualTo("ip:203.0.113.9");
        assertThat(ClientAddressKeyResolver.key("203.0.113.10")).isNotEqualTo(ClientAddressKeyResolver.key("203.0.113.9"));
    }

    @Test
    void ipv6AddressesShareTheirSlash64() {
        String one = ClientAddressKeyResolver.key("2001:db8:1:2:aaaa::1");
        String other = ClientAddressKeyResolver.key("2001:db8:1:2:ffff:ffff:ffff:ffff");
        String elsewhere = ClientAddressKeyResolver.key("2001:db8:1:3::1");

        assertThat(one).isEqualTo(other).isEqualTo("ip6:20010db800010002/64");
        assertThat(elsewhere).isNotEqualTo(one);
        assertThat(ClientAddressKeyResolver.key("[2001:db8:1:2::5]")).isEqualTo(one);
        assertThat(ClientAddressKeyResolver.key("fe80::1%eth0")).startsWith("ip6:fe80");
    }

    @Test
    void ipv4MappedAddressesCountAsIpv4() {
        assertThat(ClientAddressKeyResolver.key("::ffff:203.0.113.9")).isEqualTo("ip:203.0.113.9");
    }

    @Test
    void anythingElseIsKeyedAsGivenWithoutALookup() {
        assertThat(ClientAddressKeyResolver.key("unknown")).isEqualTo("ip:unknown");
        assertThat(ClientAddressKeyResolver.key("example.org")).isEqualTo("ip:example.org");
    }
}
