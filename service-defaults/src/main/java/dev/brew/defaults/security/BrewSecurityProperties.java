package dev.brew.defaults.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which requests need no token. Entries are {@code "GET /api/menu"} (one method) or {@code "/api/menu/**"} (all
 * methods). Actuator health, info, prometheus and the OpenAPI document are always public.
 */
@ConfigurationProperties("brew.security")
public class BrewSecurityProperties {

    private List<String> publicPaths = new ArrayList<>();

    /** How long the issuer's key set is used before it is fetched again (the last good one outlives any outage). */
    private Duration jwksTimeToLive = Duration.ofMinutes(5);

    /** The {@code aud} a token must carry to be accepted here (member-service issues tokens for it). */
    private String audience = BrewJwt.DEFAULT_AUDIENCE;

    public String getAudience() {
        return audience;
    }

    public void setAudience(String audience) {
        this.audience = audience;
    }

    public List<String> getPublicPaths() {
        return publicPaths;
    }

    public void setPublicPaths(List<String> publicPaths) {
        this.publicPaths = publicPaths;
    }

    public Duration getJwksTimeToLive() {
        return jwksTimeToLive;
    }

    public void setJwksTimeToLive(Duration jwksTimeToLive) {
        this.jwksTimeToLive = jwksTimeToLive;
    }
}
