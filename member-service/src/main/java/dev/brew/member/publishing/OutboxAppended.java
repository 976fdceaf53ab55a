package dev.brew.member.publishing;

/** Told after a write put events in the outbox, so the relay publishes them now rather than at its next poll. */
public record OutboxAppended(String memberId) {
}
