package dev.brew.query.replay;

import com.mongodb.client.MongoCollection;
import dev.brew.query.projection.ViewUpdate;
import dev.brew.query.projection.ViewWriter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;

/**
 * The replay's projection: the same {@link ViewUpdate}s as the live one, written into the shadow view in one bulk
 * write per batch. The bulk write runs while the batch's last event is handled, so a failure fails the batch
 * before its token is stored (nothing is skipped); it is unordered because the updates commute.
 */
final class ShadowViewHandler implements EventMessageHandler {

    private static final String BATCH_RESOURCE = ShadowViewHandler.class.getName() + ".batch";

    private final MongoCollection<Document> target;

    ShadowViewHandler(MongoCollection<Document> target) {
        this.target = target;
    }

    @Override
    public Object handle(EventMessage<?> event) {
        if (!CurrentUnitOfWork.isStarted()) {
            ViewUpdate.of(event).ifPresent(update -> ViewWriter.apply(target, update));
            return null;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        List<ViewUpdate> batch = root.getOrComputeResource(BATCH_RESOURCE, k -> new ArrayList<ViewUpdate>());
        ViewUpdate.of(event).ifPresent(batch::add);
        if (!(root instanceof BatchingUnitOfWork<?> batching) || batching.isLastMessage()) {
            ViewWriter.applyAll(target, batch);
            batch.clear();
        }
        return null;
    }
}
