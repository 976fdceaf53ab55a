package dev.brew.query.replay;

import dev.brew.query.projection.ViewUpdate;
import dev.brew.query.projection.ViewVersions;
import dev.brew.query.projection.ViewWriter;
import org.axonframework.eventhandling.EventMessage;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The replay's projection: the same {@link ViewUpdate}s as the live one, written into the shadow view in one bulk
 * write per batch. The bulk write runs while the batch's last event is handled, so a failure fails the batch
 * before its token is stored (nothing is skipped); it is unordered because the updates commute.
 */
final class ShadowViewHandler implements EventMessageHandler {

    private static final String BATCH_RESOURCE = ShadowViewHandler.class.getName() + ".batch";

    private static final String OFFSETS_RESOURCE = ShadowViewHandler.class.getName() + ".offsets";

    private final ViewVersions.View target;
    private final Map<TopicPartition, Long> written = new ConcurrentHashMap<>();

    ShadowViewHandler(ViewVersions.View target) {
        this.target = target;
    }

    /**
     * The highest offset of each partition whose record is written to the shadow view. Taken from each record's own
     * token, not from the processor's token: that one is the record handled last, which need not be the highest
     * (the source releases records by timestamp).
     */
    Map<TopicPartition, Long> written() {
        return Map.copyOf(written);
    }

    @Override
    public Object handle(EventMessage<?> event) {
        if (!CurrentUnitOfWork.isStarted()) {
            ViewUpdate.of(event).ifPresent(update -> ViewWriter.apply(target, update));
            remember(offsets(event));
            return null;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        List<ViewUpdate> batch = root.getOrComputeResource(BATCH_RESOURCE, k -> new ArrayList<ViewUpdate>());
        Map<TopicPartition, Long> offsets = root.getOrComputeResource(OFFSETS_RESOURCE,
                k -> new HashMap<TopicPartition, Long>());
        ViewUpdate.of(event).ifPresent(batch::add);
        offsets(event).forEach((partition, offset) -> offsets.merge(partition, offset, Math::max));
        if (!(root instanceof BatchingUnitOfWork<?> batching) || batching.isLastMessage()) {
            ViewWriter.applyAll(target, batch);
            batch.clear();
            remember(offsets);
            offsets.clear();
        }
        return null;
    }

    private void remember(Map<TopicPartition, Long> offsets) {
        offsets.forEach((partition, offset) -> written.merge(partition, offset, Math::max));
    }

    private static Map<TopicPartition, Long> offsets(EventMessage<?> event) {
        if (event instanceof TrackedEventMessage<?> tracked
                && WrappedToken.unwrapLowerBound(tracked.trackingToken()) instanceof KafkaTrackingToken token) {
            return token.getPositions();
        }
        return Map.of();
    }
}
