package dev.brew.defaults.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;

/**
 * member-service's token-signing keys ({@link OutageTolerantJwtDecoder}), fetched once when the service has started,
 * before it reports ready (Spring Boot turns readiness on after the started event). A service restarted while
 * member-service is away (a rolling redeploy restarts one, then the other) then still checks every token: fetched
 * lazily, by the first token, a restarted instance that happened to get no token before member-service went away
 * answered 503 until it came back. A failed fetch is only logged: the first token tries again.
 */
public final class IssuerKeys implements ApplicationListener<ApplicationStartedEvent> {

    private static final Logger log = LoggerFactory.getLogger(IssuerKeys.class);

    private final String uri;
    private final JWKSource<SecurityContext> source;

    IssuerKeys(String uri, JWKSource<SecurityContext> source) {
        this.uri = uri;
        this.source = source;
    }

    JWKSource<SecurityContext> source() {
        return source;
    }

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        try {
            int keys = source.get(new JWKSelector(new JWKMatcher.Builder().build()), null).size();
            log.info("Fetched {} token-signing key(s) from {}", keys, uri);
        } catch (KeySourceException | RuntimeException e) {
            log.warn("Could not fetch the token-signing keys from {} ({}); the first token will try again", uri,
                    e.toString());
        }
    }
}
