package dev.brew.defaults.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.ArrayList;
import java.util.List;

/**
 * Which requests need no token. Entries are {@code "GET /api/menu"} (one method) or {@code "/api/menu/**"} (all
 * methods). Actuator health, info, prometheus and the OpenAPI document are always public.
 */
@ConfigurationProperties("brew.security")
public class BrewSecurityProperties {

    private List<String> publicPaths = new ArrayList<>();

    public List<String> getPublicPaths() {
        return publicPaths;
    }

    public void setPublicPaths(List<String> publicPaths) {
        this.publicPaths = publicPaths;
    }
}
