package dev.brew.query.replay;

import java.time.Instant;

/**
 * Where a replay stands. {@code processed} and {@code total} count records of the order-events topic: the total is
 * fixed when the replay starts (the topic's size then); events arriving later reach the rebuilt view through the
 * live projection.
 */
public record ReplayStatus(String id,
                           State state,
                           long processed,
                           long total,
                           int percent,
                           int version,
                           Instant startedAt,
                           Instant finishedAt,
                           String error) {

    public enum State { RUNNING, COMPLETED, FAILED }
}
