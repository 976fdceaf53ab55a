package dev.brew.member.publishing;

import java.time.Instant;

/**
 * One member event waiting in the outbox. {@code eventId} was fixed when the event was stored, so every attempt to
 * publish it carries the same {@code axon-message-id}, and consumers can drop a redelivery.
 */
public record PendingEvent(String eventId, String memberId, long sequence, String payloadType, String payload,
                           Instant occurredAt) {
}
