package dev.brew.contracts.member;

import dev.brew.contracts.Role;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Someone joined Brew (a customer signing up, or a barista or operator seeded by configuration). */
@Revision("1")
public record MemberRegistered(String memberId, String name, Role role, Instant registeredAt) {
}
