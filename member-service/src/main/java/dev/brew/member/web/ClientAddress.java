package dev.brew.member.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address a request came from, for the sign-in limits. Behind the gateway every request comes from the gateway,
 * so there the address is the last {@code X-Forwarded-For} entry: the one the gateway appended. Earlier entries are
 * whatever the client wrote and are never trusted. Without {@code trustForwardedFor} the header is ignored.
 */
final class ClientAddress {

    static final String FORWARDED_FOR = "X-Forwarded-For";

    private ClientAddress() {
    }

    static String of(HttpServletRequest request, boolean trustForwardedFor) {
        if (trustForwardedFor) {
            String forwarded = request.getHeader(FORWARDED_FOR);
            if (forwarded != null) {
                String[] hops = forwarded.split(",");
                String last = hops[hops.length - 1].strip();
                if (!last.isEmpty() && last.length() <= 64) {
                    return last;
                }
            }
        }
        return request.getRemoteAddr();
    }
}
