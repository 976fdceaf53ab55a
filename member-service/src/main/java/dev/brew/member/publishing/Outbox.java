package dev.brew.member.publishing;

import java.util.List;

/** The member events stored but not yet acknowledged by Kafka. */
public interface Outbox {

    /** The pending events of at most {@code members} members, each member's in sequence order. */
    List<PendingEvent> pending(int members);

    /** Forgets these events of one member; called only after Kafka acknowledged all of them. */
    void markPublished(String memberId, List<String> eventIds);
}
