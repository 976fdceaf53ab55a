package dev.brew.member.config;

import dev.brew.contracts.Role;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * Staff created at start-up: {@code brew.members.seed[n].name/role/password}. Passwords come from the environment
 * ({@code BREW_BARISTA_PASSWORD}, {@code BREW_OPERATOR_PASSWORD}); a seed without one is skipped with a warning.
 */
@ConfigurationProperties("brew.members")
public record SeedProperties(List<Seed> seed) {

    public SeedProperties {
        seed = seed == null ? List.of() : List.copyOf(seed);
    }

    public record Seed(String name, Role role, String password) {

        @Override
        public String toString() {
            return "Seed[" + name + " as " + role + "]";
        }
    }
}
