package dev.brew.member.domain;

import java.util.Optional;

/**
 * Where members are kept. {@link #add} stores the member together with the events that announce it, in one atomic
 * write, so that a stored member is always a published member sooner or later (the outbox).
 */
public interface Members {

    /** @throws NameTaken if the name's key is already used (the store enforces it, not a check before) */
    void add(Member member, Object... events);

    Optional<Member> byId(String id);

    Optional<Member> byNameKey(String nameKey);

    void changePasswordHash(String id, String passwordHash);
}
