package dev.brew.query;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The query side's own settings ({@code brew.query.*}).
 *
 * @param projection the live projection's processor
 * @param changes    the topic of view changes that feeds live screens on every instance
 * @param stream     the Server-Sent Events stream
 * @param replay     view rebuilds
 */
@ConfigurationProperties("brew.query")
public record QueryProperties(@DefaultValue Projection projection,
                              @DefaultValue Changes changes,
                              @DefaultValue Stream stream,
                              @DefaultValue Replay replay) {

    /**
     * @param segments  how many segments the order-events stream is split into (scale out by segments, not by
     *                  consumer groups)
     * @param threads   processor threads per instance
     * @param batchSize events per unit of work (and per token update)
     * @param outageRetryPause while MongoDB cannot be reached, how long the projection waits before it tries again
     */
    public record Projection(@DefaultValue("1") int segments,
                             @DefaultValue("1") int threads,
                             @DefaultValue("100") int batchSize,
                             @DefaultValue("1s") Duration outageRetryPause) {
    }

    /**
     * @param retain how long the topic of view changes keeps them for clients that resume (later: a snapshot)
     */
    public record Changes(@DefaultValue("1d") Duration retain) {
    }

    /**
     * @param heartbeat     interval of the comment lines that keep idle connections open
     * @param snapshotLimit most orders in a snapshot
     * @param catchUpLimit  most missed changes replayed on resume before a snapshot is sent instead
     * @param perCaller     most streams one member (or barista) may have open on one instance
     * @param perInstance   most streams one instance serves
     * @param probeWait     how long a caller at the cap waits for their probed dead streams to go
     */
    public record Stream(@DefaultValue("15s") Duration heartbeat,
                         @DefaultValue("500") int snapshotLimit,
                         @DefaultValue("1000") int catchUpLimit,
                         @DefaultValue("5") int perCaller,
                         @DefaultValue("1000") int perInstance,
                         @DefaultValue("500ms") Duration probeWait) {
    }

    /**
     * @param batchSize      events per bulk write into the shadow view
     * @param startTimeout   how long the replay may take to learn the topic's size before it fails
     * @param failureTimeout how long the replay processor may stay in error before the replay fails
     * @param abandonedAfter a running replay whose progress was not updated for this long is taken as dead
     * @param retiredGrace   how long a replaced view is kept before it is dropped (instances still reading it)
     */
    public record Replay(@DefaultValue("5000") int batchSize,
                         @DefaultValue("10s") Duration startTimeout,
                         @DefaultValue("30s") Duration failureTimeout,
                         @DefaultValue("60s") Duration abandonedAfter,
                         @DefaultValue("10s") Duration retiredGrace) {
    }
}
