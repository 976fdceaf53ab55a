package dev.brew.member.persistence;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.CollectionCallback;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code members} collection and its indexes. Name uniqueness is the unique index on {@code nameKey}, never a
 * check before the insert; so no write happens before the index is known to exist. The indexes are made at start-up
 * and again after MongoDB was unreachable (a restored or replaced database may come back without them).
 *
 * <p>One document per member: {@code _id} (UUID), {@code name}, {@code nameKey}, {@code passwordHash}, {@code role},
 * {@code registeredAt}, {@code eventSequence} (events so far), and the outbox: {@code outbox} (pending events) with
 * {@code outboxPending} (indexed) while it is not empty.
 */
@Component
public class MemberCollection {

    static final String NAME = "members";
    static final String NAME_KEY = "nameKey";
    static final String OUTBOX = "outbox";
    static final String OUTBOX_PENDING = "outboxPending";

    private final MongoTemplate mongo;
    private volatile boolean indexed;

    public MemberCollection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Runs {@code action} on the collection, translating driver failures into Spring's data-access exceptions. */
    <T> T execute(CollectionCallback<T> action) {
        ensureIndexes();
        try {
            return mongo.execute(NAME, action);
        } catch (DataAccessResourceFailureException e) {
            indexed = false;
            throw e;
        }
    }

    public void ensureIndexes() {
        if (indexed) {
            return;
        }
        mongo.execute(NAME, (MongoCollection<Document> members) -> {
            members.createIndex(Indexes.ascending(NAME_KEY), new IndexOptions().unique(true).name("unique_name_key"));
            members.createIndex(Indexes.ascending(OUTBOX_PENDING), new IndexOptions().name("outbox_pending"));
            return null;
        });
        indexed = true;
    }
}
