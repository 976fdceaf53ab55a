package dev.brew.member.support;

import org.bson.Document;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/** Reads member documents straight from MongoDB, to check what was (and was not) stored. */
@TestComponent
public class MemberDocuments {

    private final MongoTemplate mongo;

    public MemberDocuments(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Document byId(String id) {
        return mongo.findById(id, Document.class, "members");
    }

    public long countByNameKey(String nameKey) {
        return mongo.count(Query.query(Criteria.where("nameKey").is(nameKey)), "members");
    }

    public long withPendingEvents() {
        return mongo.count(Query.query(Criteria.where("outboxPending").is(true)), "members");
    }
}
