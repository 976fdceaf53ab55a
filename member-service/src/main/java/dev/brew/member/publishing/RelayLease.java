package dev.brew.member.publishing;

import java.time.Duration;

/**
 * Which member-service instance relays the outbox (ADR 0312): one at a time, so two instances never send the same
 * pending events side by side, and a stopping instance hands over at once.
 */
public interface RelayLease {

    /** Takes the lease for {@code ttl}, or renews it if {@code owner} holds it; false while another holds it. */
    boolean acquire(String owner, Duration ttl);

    /** Gives the lease up if {@code owner} holds it, so another instance takes it at its next round. */
    void release(String owner);
}
