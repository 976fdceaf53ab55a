package dev.brew.member.persistence;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.brew.member.publishing.Outbox;
import dev.brew.member.publishing.PendingEvent;
import org.bson.Document;
import org.springframework.stereotype.Repository;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The outbox lives inside each member's document (MongoDB has no multi-document transactions here, but a single
 * document is always written atomically): pending events in {@code outbox}, found through the indexed
 * {@code outboxPending} flag.
 */
@Repository
class MongoOutbox implements Outbox {

    private final MemberCollection collection;

    MongoOutbox(MemberCollection collection) {
        this.collection = collection;
    }

    @Override
    public List<PendingEvent> pending(int members) {
        List<PendingEvent> pending = new ArrayList<>();
        collection.execute((MongoCollection<Document> documents) -> {
            for (Document member : documents.find(Filters.eq(MemberCollection.OUTBOX_PENDING, true))
                    .projection(Projections.include(MemberCollection.OUTBOX))
                    .sort(Sorts.ascending("_id"))
                    .limit(members)) {
                member.getList(MemberCollection.OUTBOX, Document.class).stream()
                        .map(event -> new PendingEvent(event.getString("eventId"), member.getString("_id"),
                                event.getLong("sequence"), event.getString("payloadType"),
                                event.getString("payload"), event.getDate("occurredAt").toInstant()))
                        .sorted(Comparator.comparingLong(PendingEvent::sequence))
                        .forEach(pending::add);
            }
            return null;
        });
        return pending;
    }

    @Override
    public void markPublished(String memberId, List<String> eventIds) {
        collection.execute((MongoCollection<Document> documents) -> {
            documents.updateOne(Filters.eq("_id", memberId),
                    Updates.pull(MemberCollection.OUTBOX, Filters.in("eventId", eventIds)));
            // Only when nothing new was appended in between: otherwise the flag stays and the relay comes back.
            documents.updateOne(Filters.and(Filters.eq("_id", memberId), Filters.size(MemberCollection.OUTBOX, 0)),
                    Updates.set(MemberCollection.OUTBOX_PENDING, false));
            return null;
        });
    }
}
