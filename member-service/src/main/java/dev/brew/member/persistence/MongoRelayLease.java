package dev.brew.member.persistence;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import dev.brew.member.publishing.RelayLease;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;

/**
 * The relay's lease as one document ({@code relay_leases}, {@code _id = "member-events"}): {@code owner} and
 * {@code until}. Taken by a single conditional upsert (free, expired, or already ours), so two instances racing for
 * it cannot both win: the loser's upsert meets the document's {@code _id} and fails as a duplicate key.
 */
@Repository
class MongoRelayLease implements RelayLease {

    static final String COLLECTION = "relay_leases";
    static final String ID = "member-events";

    private final MongoTemplate mongo;
    private final Clock clock;

    MongoRelayLease(MongoTemplate mongo) {
        this.mongo = mongo;
        this.clock = Clock.systemUTC();
    }

    @Override
    public boolean acquire(String owner, Duration ttl) {
        Date now = Date.from(clock.instant());
        Date until = Date.from(clock.instant().plus(ttl));
        try {
            Document taken = mongo.execute(COLLECTION, (MongoCollection<Document> leases) ->
                    leases.findOneAndUpdate(
                            Filters.and(Filters.eq("_id", ID),
                                    Filters.or(Filters.eq("owner", owner), Filters.lt("until", now))),
                            Updates.combine(Updates.set("owner", owner), Updates.set("until", until)),
                            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)));
            return taken != null && owner.equals(taken.getString("owner"));
        } catch (DuplicateKeyException e) {
            return false; // another instance holds it
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void release(String owner) {
        mongo.execute(COLLECTION, (MongoCollection<Document> leases) -> leases.updateOne(
                Filters.and(Filters.eq("_id", ID), Filters.eq("owner", owner)),
                Updates.set("until", new Date(0))));
    }
}
