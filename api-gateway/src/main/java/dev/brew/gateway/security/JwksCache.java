package dev.brew.gateway.security;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The token-signing keys from member-service's JWKS endpoint, kept so that issued tokens stay valid while
 * member-service is down (docs/spec.md, failure table). Unlike a plain expiring cache it never forgets the last good
 * key set because a fetch failed:
 * <ul>
 *     <li>a key id already known is answered from memory, with no call;</li>
 *     <li>after {@code refreshInterval} the set is refreshed in the background (revoked keys drop out), while the
 *     old set keeps answering;</li>
 *     <li>an unknown key id (a rotation) triggers a fetch, at most once per {@code refreshCooldown}, so tokens with
 *     made-up key ids cannot turn the gateway into a flood against member-service;</li>
 *     <li>only when no key set was ever fetched does a failure surface, as {@link JwksUnavailableException}.</li>
 * </ul>
 * The set is fetched once when the gateway has started, before it reports ready, so a gateway restarted while
 * member-service is away still checks tokens (docs/reliability.md, F18); a failed fetch is only logged, the first
 * token tries again.
 */
public final class JwksCache implements Function<SignedJWT, Flux<JWK>>, ApplicationListener<ApplicationStartedEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(JwksCache.class);

    private final WebClient client;
    private final URI jwksUri;
    private final Duration refreshInterval;
    private final Duration refreshCooldown;
    private final Duration fetchTimeout;
    private final Clock clock;
    private final AtomicReference<KeySet> current = new AtomicReference<>();
    private final AtomicReference<Instant> lastAttempt = new AtomicReference<>(Instant.EPOCH);

    public JwksCache(WebClient client, URI jwksUri, Duration refreshInterval, Duration refreshCooldown,
                     Duration fetchTimeout, Clock clock) {
        this.client = client;
        this.jwksUri = jwksUri;
        this.refreshInterval = refreshInterval;
        this.refreshCooldown = refreshCooldown;
        this.fetchTimeout = fetchTimeout;
        this.clock = clock;
    }

    @Override
    public Flux<JWK> apply(SignedJWT jwt) {
        JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader()));
        KeySet known = current.get();
        if (known == null) {
            return fetch().flatMapIterable(selector::select);
        }
        List<JWK> matching = selector.select(known.keys());
        Instant now = clock.instant();
        if (!matching.isEmpty()) {
            if (known.fetchedAt().plus(refreshInterval).isBefore(now) && claimAttempt(now)) {
                fetch().subscribe(keys -> { }, e -> { });
            }
            return Flux.fromIterable(matching);
        }
        if (claimAttempt(now)) {
            return fetch().onErrorResume(e -> Mono.just(known.keys())).flatMapIterable(selector::select);
        }
        return Flux.empty();
    }

    @Override
    public void onApplicationEvent(ApplicationStartedEvent started) {
        try {
            // Blocking is fine here: Spring Boot's main thread, before readiness, not an event loop.
            fetch().block(fetchTimeout.plusSeconds(1));
        } catch (RuntimeException e) {
            LOG.warn("No signing keys at start ({}); the first token will try again", e.toString());
        }
    }

    /** Whether the key set has been fetched at least once (for tests and diagnostics). */
    public boolean hasKeys() {
        return current.get() != null;
    }

    private boolean claimAttempt(Instant now) {
        Instant last = lastAttempt.get();
        return last.plus(refreshCooldown).isBefore(now) && lastAttempt.compareAndSet(last, now);
    }

    private Mono<JWKSet> fetch() {
        return client.get().uri(jwksUri).retrieve().bodyToMono(String.class)
                .timeout(fetchTimeout)
                .map(JwksCache::parse)
                .doOnNext(keys -> {
                    Instant now = clock.instant();
                    current.set(new KeySet(keys, now));
                    lastAttempt.set(now);
                    LOG.debug("Fetched {} signing key(s) from {}", keys.getKeys().size(), jwksUri);
                })
                .onErrorMap(e -> {
                    LOG.warn("Cannot fetch the signing keys from {}: {}", jwksUri, e.toString());
                    return new JwksUnavailableException("Signing keys unavailable from " + jwksUri, e);
                });
    }

    private static JWKSet parse(String body) {
        try {
            return JWKSet.parse(body);
        } catch (ParseException e) {
            throw new IllegalArgumentException("Not a JWK set", e);
        }
    }

    private record KeySet(JWKSet keys, Instant fetchedAt) {
    }

    /** No key set has ever been fetched, and the JWKS endpoint cannot be reached now. */
    public static final class JwksUnavailableException extends RuntimeException {

        public JwksUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
