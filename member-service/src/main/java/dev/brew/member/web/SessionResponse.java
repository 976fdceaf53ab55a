package dev.brew.member.web;

import java.time.Instant;

/** A signed-in session: the bearer token, when it stops working, and who it is for. */
public record SessionResponse(String token, Instant expiresAt, MemberResponse member) {
}
