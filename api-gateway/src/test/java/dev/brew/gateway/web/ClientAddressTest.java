package dev.brew.gateway.web;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientAddressTest {

    final ClientAddress behindIngress = new ClientAddress(List.of("10.0.0.0/8", "fc00::/7"));

    static InetAddress ip(String text) {
        return ClientAddress.literal(text);
    }

    @Test
    void behind_a_trusted_proxy_the_client_is_the_address_the_proxy_appended_not_what_the_client_wrote() {
        assertThat(behindIngress.clientBehind(ip("10.1.2.3"), List.of("198.51.100.66, 203.0.113.7")))
                .isEqualTo(ip("203.0.113.7"));
        assertThat(behindIngress.clientBehind(ip("10.1.2.3"), List.of("198.51.100.66", "203.0.113.7, 10.9.9.9")))
                .as("two trusted hops, several header lines").isEqualTo(ip("203.0.113.7"));
        assertThat(behindIngress.clientBehind(ip("fd00::5"), List.of("[2001:db8::1]:443")))
                .isEqualTo(ip("2001:db8::1"));
        assertThat(behindIngress.clientBehind(ip("10.1.2.3"), List.of("203.0.113.7:5555")))
                .isEqualTo(ip("203.0.113.7"));
    }

    @Test
    void an_untrusted_peer_is_the_client_whatever_it_writes() {
        assertThat(behindIngress.clientBehind(ip("203.0.113.7"), List.of("10.0.0.1, 198.51.100.1")))
                .isEqualTo(ip("203.0.113.7"));
        assertThat(new ClientAddress(List.of()).clientBehind(ip("10.1.2.3"), List.of("203.0.113.7")))
                .as("no trusted proxy configured").isEqualTo(ip("10.1.2.3"));
    }

    @Test
    void a_malformed_or_missing_entry_stops_at_the_last_trusted_hop_and_names_are_never_looked_up() {
        assertThat(behindIngress.clientBehind(ip("10.1.2.3"), List.of("203.0.113.7, evil.example.com")))
                .isEqualTo(ip("10.1.2.3"));
        assertThat(behindIngress.clientBehind(ip("10.1.2.3"), List.of())).isEqualTo(ip("10.1.2.3"));
        assertThat(behindIngress.clientBehind(ip("10.1.2.3"), List.of("unknown"))).isEqualTo(ip("10.1.2.3"));
    }

    @Test
    void ranges_are_checked_when_configured() {
        assertThatThrownBy(() -> new ClientAddress(List.of("ingress.local"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
        ClientAddress narrow = new ClientAddress(List.of("10.20.0.0/14"));
        assertThat(narrow.clientBehind(ip("10.23.255.255"), List.of("203.0.113.7"))).isEqualTo(ip("203.0.113.7"));
        assertThat(narrow.clientBehind(ip("10.24.0.0"), List.of("203.0.113.7"))).isEqualTo(ip("10.24.0.0"));
    }
}
