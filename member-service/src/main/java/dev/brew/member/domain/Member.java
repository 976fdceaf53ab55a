package dev.brew.member.domain;

import dev.brew.contracts.Role;
import dev.brew.contracts.member.MemberRegistered;

import java.time.Instant;
import java.util.Objects;

/**
 * A person who can sign in. {@code name} is shown as typed (trimmed, NFC); {@link MemberName#key} of it is unique.
 * The password is only ever held as a {@code DelegatingPasswordEncoder} hash ({@code {bcrypt}$2a$...}).
 */
public record Member(String id, String name, Role role, String passwordHash, Instant registeredAt) {

    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(registeredAt, "registeredAt");
    }

    public String nameKey() {
        return MemberName.key(name);
    }

    /** The fact that this member joined, as every other service learns it. */
    public MemberRegistered registered() {
        return new MemberRegistered(id, name, role, registeredAt);
    }
}
