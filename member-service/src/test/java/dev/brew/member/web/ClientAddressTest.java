package dev.brew.member.web;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressTest {

    @Test
    void without_trust_the_forwarded_header_is_ignored() {
        MockHttpServletRequest request = request("198.51.100.7");
        assertThat(ClientAddress.of(request, false)).isEqualTo("10.1.1.1");
    }

    @Test
    void with_trust_the_entry_the_gateway_appended_counts_not_what_the_client_wrote() {
        MockHttpServletRequest request = request("6.6.6.6, 198.51.100.7");
        assertThat(ClientAddress.of(request, true)).isEqualTo("198.51.100.7");
    }

    @Test
    void with_trust_but_no_header_the_peer_address_counts() {
        assertThat(ClientAddress.of(request(null), true)).isEqualTo("10.1.1.1");
    }

    private static MockHttpServletRequest request(String forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("10.1.1.1");
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }
        return request;
    }
}
