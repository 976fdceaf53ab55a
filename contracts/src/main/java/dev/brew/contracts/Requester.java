package dev.brew.contracts;

import java.util.Objects;
import java.util.Set;

/**
 * Who sends a command, as proven by the caller's token. Commands carry it so that the aggregate itself enforces
 * who may do what; it is never read from a request body.
 */
public record Requester(String memberId, String name, Set<Role> roles) {

    public Requester {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
