package dev.brew.gateway.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Everything about the gateway that differs between a laptop, a test and a cluster. Defaults live in
 * {@code application.yml}, each bound to a {@code BREW_*} environment variable.
 */
@ConfigurationProperties("brew")
public record GatewayProperties(Services services, Timeouts timeouts, Session session, RateLimit rateLimit,
                                Limits limits, Cors cors, Canary canary, Jwks jwks, Headers headers) {

    /**
     * Where each backend answers: every instance of command-, query- and member-service (comma-separated in the
     * environment; the gateway balances across the ready ones, ADR 0310), and loyalty-service's one address.
     */
    public record Services(List<URI> command, List<URI> query, List<URI> member, URI loyalty) {

        public Services {
            command = List.copyOf(command);
            query = List.copyOf(query);
            member = List.copyOf(member);
        }
    }

    /**
     * Connect and response timeouts of proxied calls; the event stream has no response timeout, and a call that
     * checks a password (sign-up, sign-in) has {@code passwordCheck} instead of {@code response} (ADR 0305).
     */
    public record Timeouts(Duration connect, Duration response, Duration passwordCheck) {
    }

    /** The HttpOnly cookie that carries the token for the browser's safe calls (see README, "Session cookie"). */
    public record Session(String cookieName, boolean secure) {
    }

    /** A token bucket per member (or per client address for anonymous calls), in this process only. */
    public record RateLimit(boolean enabled, int capacity, double refillPerSecond) {
    }

    /** Request bodies larger than this are refused with 413 before they reach a service. */
    public record Limits(DataSize maxBodySize) {
    }

    /** Cross-origin calls are refused (no CORS headers at all) unless origins are listed here. */
    public record Cors(List<String> allowedOrigins) {

        public boolean enabled() {
            return allowedOrigins != null && allowedOrigins.stream().anyMatch(o -> o != null && !o.isBlank());
        }
    }

    /** The query-service canary: a share of members (0–100), or any request with {@code X-Brew-Canary: true}. */
    public record Canary(Target query) {

        public record Target(URI uri, int weight) {

            public boolean configured() {
                return uri != null && uri.getHost() != null;
            }
        }
    }

    /**
     * How long keys fetched from the JWKS endpoint are trusted without a refresh, and the least time between two
     * fetches caused by an unknown key id (so forged key ids cannot hammer member-service).
     */
    public record Jwks(Duration refreshInterval, Duration refreshCooldown, Duration fetchTimeout) {
    }

    /** The Content-Security-Policy sent with every response (the UI is served from this origin only). */
    public record Headers(String contentSecurityPolicy) {
    }
}
