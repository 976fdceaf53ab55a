package dev.brew.command.domain;

import dev.brew.contracts.Role;

import java.time.Instant;

/** The members this service knows: an order is accepted only for one of them. */
public interface MemberDirectory {

    boolean isKnown(String memberId);

    /** Adds or refreshes a member; idempotent. {@code learnedFrom} says how (member events, or a direct lookup). */
    void remember(String memberId, String name, Role role, Instant registeredAt, String learnedFrom);
}
