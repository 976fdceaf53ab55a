package dev.brew.command.members;

import dev.brew.command.domain.MemberDirectory;
import dev.brew.contracts.member.MemberRegistered;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Keeps the member directory from member-service's events on Kafka. Idempotent (an upsert), and its tracking token
 * is stored in the same PostgreSQL transaction as the row, so a redelivered event changes nothing.
 */
@Component
@ProcessingGroup(MemberDirectoryProjection.GROUP)
class MemberDirectoryProjection {

    static final String GROUP = "member-directory";

    private final MemberDirectory directory;

    MemberDirectoryProjection(MemberDirectory directory) {
        this.directory = directory;
    }

    @EventHandler
    void on(MemberRegistered event) {
        directory.remember(event.memberId(), event.name(), event.role(), event.registeredAt(), "member-events");
    }
}
