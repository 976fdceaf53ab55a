package dev.brew.query.config;

import dev.brew.query.projection.MongoOutageRetry;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;

import java.util.List;
import java.util.Optional;

/**
 * The processors' token store, waiting out MongoDB outages ({@link MongoOutageRetry}) instead of failing the
 * processor into Axon's growing back-off. Every call is safe to repeat: a store, claim or release that went through
 * before its reply was lost is the same when done again by the same node. A lost claim
 * ({@link UnableToClaimTokenException}) is not an outage and is thrown at once.
 */
final class OutageTolerantTokenStore implements TokenStore {

    private final TokenStore delegate;
    private final MongoOutageRetry retry;

    OutageTolerantTokenStore(TokenStore delegate, MongoOutageRetry retry) {
        this.delegate = delegate;
        this.retry = retry;
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) {
        retry.run("creating tracking tokens", () -> delegate.initializeTokenSegments(processorName, segmentCount));
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount,
                                        TrackingToken initialToken) {
        retry.run("creating tracking tokens",
                () -> delegate.initializeTokenSegments(processorName, segmentCount, initialToken));
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) {
        retry.run("storing a tracking token", () -> delegate.storeToken(token, processorName, segment));
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) {
        return retry.call("claiming a tracking token", () -> delegate.fetchToken(processorName, segment));
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) {
        return retry.call("claiming a tracking token", () -> delegate.fetchToken(processorName, segment));
    }

    @Override
    public void extendClaim(String processorName, int segment) {
        retry.run("extending a token claim", () -> delegate.extendClaim(processorName, segment));
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        retry.run("releasing a token claim", () -> delegate.releaseClaim(processorName, segment));
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        retry.run("creating a tracking token", () -> delegate.initializeSegment(token, processorName, segment));
    }

    @Override
    public void deleteToken(String processorName, int segment) {
        retry.run("deleting a tracking token", () -> delegate.deleteToken(processorName, segment));
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return delegate.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return retry.call("listing token segments", () -> delegate.fetchSegments(processorName));
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return retry.call("listing free token segments", () -> delegate.fetchAvailableSegments(processorName));
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return retry.call("reading the token store's identifier", () -> delegate.retrieveStorageIdentifier());
    }
}
