package dev.brew.command.config;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code Order} repository's cache (ADR 0123): an order stays in memory while anything refers to it, so
 * completing an order just placed does not read its events back from PostgreSQL. Safe with several instances: the
 * event store's unique (aggregate, sequence) index refuses an append made from a stale copy, Axon then drops that
 * copy, and the caller gets a 409 it can retry.
 */
@Configuration(proxyBeanMethods = false)
class AggregateCacheConfiguration {

    @Bean
    Cache orderCache() {
        return new WeakReferenceCache();
    }
}
